using System.Net;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

/// <summary>
/// No double booking, decided by PostgreSQL's exclusion constraints under real contention: 200 requests
/// for the same practitioner, room or client at the same time, all at once. Exactly one wins; every
/// other one is a 409 naming what is busy; one row is stored.
/// </summary>
public sealed class DoubleBookingTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private const int Parallel = 200;
    private const string Start = "2026-03-09T10:00:00-04:00";
    private readonly HttpClient _api = service.CreateApiClient();

    private async Task<HttpResponseMessage[]> BookAllAtOnceAsync(IEnumerable<Dictionary<string, object?>> bookings)
    {
        using var go = new SemaphoreSlim(0);
        var requests = bookings.Select(async body =>
        {
            await go.WaitAsync();
            return await _api.PostJsonAsync("/api/appointments", body);
        }).ToList();
        go.Release(requests.Count);
        return await Task.WhenAll(requests);
    }

    private static async Task AssertOneWinnerAsync(HttpResponseMessage[] responses, string code)
    {
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var losers = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Parallel - 1, losers.Count);
        foreach (var loser in losers)
        {
            Assert.Equal(code, (await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        }
    }

    [Fact]
    public async Task Two_hundred_bookings_of_one_practitioner_at_one_time_book_exactly_one()
    {
        var (location, rooms, practitioners) = await service.BusyDayClinicAsync(_api, rooms: Parallel, practitioners: 1);

        var responses = await BookAllAtOnceAsync(rooms.Select(room => Booking(Guid.NewGuid(), practitioners[0], location, Start, roomId: room)));

        await AssertOneWinnerAsync(responses, "practitioner_busy");
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE practitioner_id = $1", practitioners[0]));
    }

    [Fact]
    public async Task Two_hundred_bookings_of_one_room_at_one_time_book_exactly_one()
    {
        var (location, rooms, practitioners) = await service.BusyDayClinicAsync(_api, rooms: 1, practitioners: Parallel);

        var responses = await BookAllAtOnceAsync(practitioners.Select(p => Booking(Guid.NewGuid(), p, location, Start, roomId: rooms[0])));

        await AssertOneWinnerAsync(responses, "room_busy");
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE room_id = $1", rooms[0]));
    }

    [Fact]
    public async Task Two_hundred_bookings_of_one_client_at_one_time_book_exactly_one()
    {
        var (location, rooms, practitioners) = await service.BusyDayClinicAsync(_api, rooms: Parallel, practitioners: Parallel);
        var client = Guid.NewGuid();

        var responses = await BookAllAtOnceAsync(practitioners.Select((p, i) => Booking(client, p, location, Start, roomId: rooms[i])));

        await AssertOneWinnerAsync(responses, "client_busy");
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE client_id = $1", client));
    }

    [Fact]
    public async Task Two_hundred_bookings_that_overlap_only_partly_still_book_exactly_one()
    {
        // Starts spread over 50 minutes: every pair of these 60-minute appointments overlaps.
        var (location, rooms, practitioners) = await service.BusyDayClinicAsync(_api, rooms: Parallel, practitioners: 1);
        var starts = Enumerable.Range(0, Parallel).Select(i => DateTimeOffset.Parse(Start).AddMinutes(i % 50).ToString("yyyy-MM-ddTHH:mm:sszzz"));

        var responses = await BookAllAtOnceAsync(starts.Zip(rooms, (start, room) => Booking(Guid.NewGuid(), practitioners[0], location, start, roomId: room)));

        await AssertOneWinnerAsync(responses, "practitioner_busy");
    }

    [Fact]
    public async Task Two_hundred_bookings_without_a_room_fill_every_room_once()
    {
        // 200 practitioners and clients compete for 10 rooms: 10 are booked, one per room; the rest find no room free.
        var (location, rooms, practitioners) = await service.BusyDayClinicAsync(_api, rooms: 10, practitioners: Parallel);

        var responses = await BookAllAtOnceAsync(practitioners.Select(p => Booking(Guid.NewGuid(), p, location, Start)));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal("no_room_free", (await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        }

        Assert.Equal(10L, await service.ScalarAsync<long>("SELECT count(DISTINCT room_id) FROM appointments WHERE location_id = $1", location));
    }
}
