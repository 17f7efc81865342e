using System.Net;
using Clients.Api.Features.Clients;
using Clients.Grpc;
using Platform.DemoChain;
using Platform.ServiceDefaults.Http;

namespace Clients.Tests;

/// <summary>The service started with <c>Demo:Seed=demo</c> (seeding date: today) on a fresh database.</summary>
public sealed class SeededClientsFactory : SeededServiceFactory<Program>
{
    public SeededClientsFactory() : base("clientsdb")
    {
        WithDefaultUser("demo-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);
    }
}


/// <summary>
/// Seeding writes thousands of rows in a few statements: the seed tests run alone, so tests that listen to every
/// span of the process (the PHI checks) do not see the seeder's SQL, whose parameter names look like numbers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoSeedCollection
{
    public const string Name = "Demo seed";
}

[Collection(DemoSeedCollection.Name)]
public sealed class DemoSeedTests(SeededClientsFactory service) : IClassFixture<SeededClientsFactory>
{
    private readonly HttpClient _http = service.CreateApiClient();
    private readonly ClientDirectory.ClientDirectoryClient _grpc = new(service.CreateGrpcChannel());
    private DemoChain Chain => service.Chain;

    private async Task<(long Clients, long Consents, long Contraindicated, long Cleared)> CountsAsync() => (
        await service.ScalarAsync<long>("SELECT count(*) FROM clients"),
        await service.ScalarAsync<long>("SELECT count(*) FROM consents"),
        await service.ScalarAsync<long>("SELECT count(*) FROM clients WHERE cardinality(contraindications) > 0"),
        await service.ScalarAsync<long>("SELECT count(*) FROM clients WHERE clearance_physician_npi IS NOT NULL"));

    private async Task<ClientView> GetAsync(Guid id) => await (await _http.GetAsync($"/api/clients/{id}")).ShouldBeAsync<ClientView>(HttpStatusCode.OK);

    [Fact]
    public async Task Every_client_with_consents_contraindications_and_clearances_is_stored()
    {
        var counts = await CountsAsync();

        Assert.Equal(1500, counts.Clients);
        Assert.Equal(Chain.Clients.Sum(c => c.Consents.Count), counts.Consents);
        Assert.Equal(Chain.Clients.Count(c => c.Contraindications.Count > 0), counts.Contraindicated);
        Assert.Equal(Chain.Clients.Count(c => c.Clearance is not null), counts.Cleared);
        Assert.True(counts.Cleared > 0 && counts.Cleared < counts.Contraindicated);
    }

    [Fact]
    public async Task Booking_status_follows_contraindications_clearances_and_consents()
    {
        var cleared = Chain.Clients.First(c => c.Contraindications.Count > 0 && c.Clearance is not null && c.Consents.Count > 0);
        var uncleared = Chain.Clients.First(c => c.Contraindications.Count > 0 && c.Clearance is null && c.Consents.Count > 0);
        var unconsented = Chain.Clients.First(c => c.Contraindications.Count == 0 && c.Consents.Count == 0);

        var clearedView = await GetAsync(cleared.Id);
        Assert.False(clearedView.BookingStatus.Blocked);
        Assert.True(clearedView.HealthHistory.Clearance!.CoversCurrentContraindications);
        Assert.Equal(cleared.Contraindications, clearedView.HealthHistory.Contraindications.Select(c => Clients.Api.Domain.Codes.Of(c)));
        Assert.Equal(uncleared.Contraindications.Select(c => "contraindication:" + c), (await GetAsync(uncleared.Id)).BookingStatus.Reasons);
        Assert.Equal(["consent_missing:treatment"], (await GetAsync(unconsented.Id)).BookingStatus.Reasons);
    }

    [Fact]
    public async Task Every_client_the_chain_books_is_bookable_for_scheduling()
    {
        var booked = Chain.Appointments.Select(a => a.ClientId).Distinct().Take(60);

        foreach (var id in booked)
        {
            var profile = await _grpc.GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = id.ToString() });
            Assert.True(profile.Exists);
            Assert.False(profile.Blocked, $"{id}: {string.Join(", ", profile.Reasons)}");
        }
    }

    [Fact]
    public async Task Clients_are_found_by_name_and_phone()
    {
        var client = Chain.Clients.First(c => c.Phone is not null);

        var byName = await (await _http.GetAsync($"/api/clients?search={Uri.EscapeDataString(client.LastName + " " + client.FirstName)}"))
            .ShouldBeAsync<Page<ClientSummary>>(HttpStatusCode.OK);
        var byPhone = await (await _http.GetAsync($"/api/clients?search={Uri.EscapeDataString(client.Phone!)}")).ShouldBeAsync<Page<ClientSummary>>(HttpStatusCode.OK);

        Assert.Contains(byName.Items, c => c.Id == client.Id);
        Assert.Contains(byPhone.Items, c => c.Id == client.Id);
    }

    [Fact]
    public async Task Starting_again_on_the_seeded_database_adds_nothing()
    {
        var before = await CountsAsync();

        await service.StartAgainAsync();

        Assert.Equal(before, await CountsAsync());
    }
}
