using System.Net;
using System.Text.Json;
using Clients.Api.Domain;
using Clients.Api.Features.Clients;
using static Clients.Tests.ClientsApiDriver;

namespace Clients.Tests;

public sealed class RegistrationTests(ClientsServiceFactory service) : IClassFixture<ClientsServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    [Fact]
    public async Task A_registered_client_is_returned_with_location_etag_and_a_blocked_booking_status_until_consent()
    {
        var body = NewClient(phone: "(305) 555-0142", email: "Ana.Lima@Example.com");
        using var response = await _api.PostJsonAsync("/api/clients", body);

        var created = await response.ShouldBeAsync<ClientView>(HttpStatusCode.Created);
        Assert.Equal($"/api/clients/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(7, created.Id.Version);
        Assert.Equal("+13055550142", created.Phone);
        Assert.Equal("Ana.Lima@Example.com", created.Email);
        Assert.Equal(new InsuranceView("Florida Blue", "XJ-4471902"), created.Insurance);
        Assert.Equal(["consent_missing:treatment"], created.BookingStatus.Reasons);

        var (read, etag) = await _api.GetClientAsync(created.Id);
        Assert.Equal(body["firstName"], read.FirstName);
        Assert.Equal(new DateOnly(1984, 7, 12), read.DateOfBirth);
        Assert.Equal(HomeLocation, read.HomeLocationId);
        Assert.Empty(read.HealthHistory.Contraindications);
        Assert.True(read.BookingStatus.Blocked);
        Assert.Equal(response.Headers.ETag!.Tag, etag);
    }

    [Fact]
    public async Task An_unknown_client_is_404()
    {
        using var response = await _api.GetAsync($"/api/clients/{Guid.CreateVersion7()}");
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("not_found", problem.Code);
    }

    [Fact]
    public async Task The_same_name_and_birth_date_is_refused_as_a_probable_duplicate_naming_the_existing_client()
    {
        var tag = Tag();
        var (first, _) = await _api.RegisterAsync(NewClient(firstName: "José", lastName: "Núñez" + tag, dateOfBirth: "1975-03-09"));

        // Same person typed differently: case, accents and spacing do not make a new person.
        using var again = await _api.PostJsonAsync("/api/clients", NewClient(firstName: "JOSE", lastName: "  nunez" + tag.ToUpperInvariant(), dateOfBirth: "1975-03-09"));

        var problem = await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("probable_duplicate", problem.Code);
        var body = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([first.Id], body.GetProperty("existingClientIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.DoesNotContain("José", problem.Detail);
        Assert.Equal(1L, await CountAsync("Núñez" + tag));
    }

    [Fact]
    public async Task A_different_birth_date_is_a_different_person()
    {
        var lastName = "Okafor" + Tag();
        await _api.RegisterAsync(NewClient(firstName: "Chidi", lastName: lastName, dateOfBirth: "1990-01-01"));
        await _api.RegisterAsync(NewClient(firstName: "Chidi", lastName: lastName, dateOfBirth: "1990-01-02"));
        Assert.Equal(2L, await CountAsync(lastName));
    }

    [Fact]
    public async Task The_caller_may_register_a_probable_duplicate_explicitly()
    {
        var body = NewClient(firstName: "Maria", lastName: "Silva" + Tag(), dateOfBirth: "1962-11-30");
        var (first, _) = await _api.RegisterAsync(body);
        var (second, _) = await _api.RegisterAsync(body, allowDuplicate: true);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2L, await CountAsync((string)body["lastName"]!));
    }

    [Fact]
    public async Task Parallel_registrations_of_the_same_new_person_create_exactly_one_client()
    {
        var body = NewClient(firstName: "Björn", lastName: "Ødegaard" + Tag(), dateOfBirth: "1988-08-08");
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 24).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await _api.PostJsonAsync("/api/clients", body);
            return response.StatusCode;
        }).ToList();
        start.Release(requests.Count);
        var statuses = await Task.WhenAll(requests);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(requests.Count - 1, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1L, await CountAsync((string)body["lastName"]!));
    }

    [Fact]
    public async Task Parallel_registrations_that_allow_duplicates_all_succeed()
    {
        var body = NewClient(firstName: "Lee", lastName: "Park" + Tag(), dateOfBirth: "1970-02-02");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await _api.PostJsonAsync("/api/clients?allowDuplicate=true", body);
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(10L, await CountAsync((string)body["lastName"]!));
    }

    [Fact]
    public async Task Codes_and_dates_travel_in_the_platform_wire_format()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        await _api.RecordHealthHistoryAsync(client.Id, etag, History(["recent-fracture"]));

        var json = await _api.GetStringAsync($"/api/clients/{client.Id}");

        Assert.Contains("\"dateOfBirth\":\"1984-07-12\"", json);
        Assert.Contains("\"contraindications\":[\"recent-fracture\"]", json);
        Assert.Contains("\"reasons\":[\"contraindication:recent-fracture\",\"consent_missing:treatment\"]", json);
    }

    /// <summary>Stored clients with this last name however it was typed (the key is "last first").</summary>
    private Task<long> CountAsync(string lastName) =>
        service.ScalarAsync<long>("SELECT count(*) FROM clients WHERE name_last_first LIKE $1", SearchKeys.Normalize(lastName) + " %");
}
