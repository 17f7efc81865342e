using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Infrastructure;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

/// <summary>
/// Scheduling works on a few bookings at a time and queues the rest, oldest first (<see cref="BookingAdmission"/>):
/// here 2 at a time and 3 waiting, with gates that hold every booking until the test lets them go.
/// </summary>
public sealed class BookingAdmissionTests(BookingAdmissionTests.Host service) : IClassFixture<BookingAdmissionTests.Host>
{
    private const string Start = "2026-03-09T10:00:00-04:00";
    private readonly HttpClient _api = service.CreateApiClient();

    public sealed class Host : ServiceFactory<Program>
    {
        public Host() : base("schedulingdb")
        {
            this.AsAdministrator();
            WithSetting($"{BookingAdmission.Section}:ConcurrentBookings", "2");
            WithSetting($"{BookingAdmission.Section}:QueuedBookings", "3");
        }

        public HeldGates Gates { get; } = new();

        protected override void ConfigureService(IWebHostBuilder builder) =>
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(new TravelledTimeProvider(SchedulingServiceFactory.Now));
                services.AddSingleton<IBookingGates>(Gates);
            });
    }

    /// <summary>Gates that say yes, but only once the test opens them; they count the bookings that reached them.</summary>
    public sealed class HeldGates : IBookingGates
    {
        private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reached;

        public int Reached => Volatile.Read(ref _reached);

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public async Task<IReadOnlyList<GateRefusal>> CheckAsync(BookingPlan plan, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reached);
            await _open.Task.WaitAsync(cancellationToken);
            return [];
        }

        public ValueTask HoldAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ConfirmAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < 10_000, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Bookings_beyond_the_turns_wait_and_are_served_and_a_full_queue_is_503_with_nothing_stored()
    {
        var admission = service.GetService<BookingAdmission>();
        service.Gates.Close();
        var (location, _, practitioners) = await service.BusyDayClinicAsync(_api, rooms: 6, practitioners: 6);
        Task<HttpResponseMessage> Book(int i) => _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioners[i], location, Start));

        // Two bookings take the two turns and wait in the gates; three more wait for a turn.
        var working = new[] { Book(0), Book(1) };
        await EventuallyAsync(() => service.Gates.Reached == 2, "two bookings are at the gates");
        var queued = new[] { Book(2), Book(3), Book(4) };
        await EventuallyAsync(() => admission.Waiting == 3, "three bookings wait for a turn");

        // The sixth finds the queue full: answered at once, nothing stored for it.
        using var refused = await Book(5);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("booking_queue_full", problem.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(2, service.Gates.Reached);
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE practitioner_id = $1", practitioners[5]));

        // Let them go: every waiting booking is served, none dropped.
        service.Gates.Open();
        foreach (var response in await Task.WhenAll(working.Concat(queued)))
        {
            await response.ShouldBeAsync<AppointmentView>(HttpStatusCode.Created);
        }

        Assert.Equal(5, service.Gates.Reached);
        Assert.Equal(5L, await service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE location_id = $1", location));
        Assert.Equal(0, admission.Waiting);
    }

    [Fact]
    public void A_turn_setting_that_is_not_positive_stops_the_service_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{BookingAdmission.Section}:ConcurrentBookings"] = "0" })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => { using var _ = new BookingAdmission(configuration); });
        Assert.Contains("Scheduling:Booking:ConcurrentBookings", error.Message);
    }
}
