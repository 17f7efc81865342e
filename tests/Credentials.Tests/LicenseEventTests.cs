using System.Net;
using Credentials.Events;
using Npgsql;

namespace Credentials.Tests;

/// <summary>
/// LicenseStatusChanged is written to the outbox in the same transaction as the change: one event per change that
/// happened, none for a change refused or for asking for the standing the licence already has.
/// </summary>
public sealed class LicenseEventTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    private readonly CredentialsClient _api = new(service.CreateApiClient());

    private async Task<List<LicenseStatusChanged>> EventsAsync(Guid licenseId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT event_type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY sequence", connection)
        {
            Parameters = { new() { Value = licenseId.ToString() } },
        };
        var events = new List<LicenseStatusChanged>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Assert.Equal("credentials.events.v1.LicenseStatusChanged", reader.GetString(0));
            events.Add(LicenseStatusChanged.Parser.ParseFrom(reader.GetFieldValue<byte[]>(1)));
        }

        return events;
    }

    [Fact]
    public async Task Each_change_of_standing_publishes_one_event_with_before_and_after()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-NY", expiresOn: new DateOnly(2027, 6, 30));

        await _api.SetStatusAsync(license, "suspended");
        await _api.SetStatusAsync(license, "suspended"); // already suspended: nothing changes, nothing is published
        await _api.SetStatusAsync(license, "active");

        var events = await EventsAsync(license.Id);
        Assert.Equal([("active", "suspended"), ("suspended", "active")], events.Select(e => (e.PreviousStatus, e.Status)));
        Assert.All(events, e => Assert.Equal(
            (license.Id.ToString(), practitioner.Id.ToString(), "US-NY", "2027-06-30", "2027-06-30"),
            (e.LicenseId, e.PractitionerId, e.Jurisdiction, e.PreviousExpiresOn, e.ExpiresOn)));
        Assert.Equal(2L, await service.ScalarAsync<long>("SELECT count(*) FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE e.aggregate_id = $1 AND d.subscriber = 'scheduling'", license.Id.ToString()));
    }

    [Fact]
    public async Task A_refused_change_publishes_nothing()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddVerifiedLicenseAsync(practitioner.Id);
        await _api.SetStatusAsync(license, "revoked");

        using var response = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/status", new { status = "active", reason = "Appeal" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["revoked"], (await EventsAsync(license.Id)).Select(e => e.Status));
    }
}
