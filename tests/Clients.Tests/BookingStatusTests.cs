using System.Net;
using Clients.Api.Features.Clients;
using Clients.Grpc;
using Grpc.Core;
using static Clients.Tests.ClientsApiDriver;

namespace Clients.Tests;

/// <summary>
/// Contraindications, clearance and consent decide whether a client can be booked; REST shows it on the
/// client and gRPC gives Scheduling the same answer.
/// </summary>
public sealed class BookingStatusTests(ClientsServiceFactory service) : IClassFixture<ClientsServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();
    private readonly ClientDirectory.ClientDirectoryClient _grpc = new(service.CreateGrpcChannel());

    private async Task<(ClientView Client, string ETag)> ConsentedClientAsync()
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        await _api.RecordConsentAsync(client.Id, "treatment");
        return await _api.GetClientAsync(client.Id);
    }

    private async Task AssertBookingAsync(Guid clientId, params string[] reasons)
    {
        var (client, _) = await _api.GetClientAsync(clientId);
        Assert.Equal(reasons, client.BookingStatus.Reasons);
        Assert.Equal(reasons.Length > 0, client.BookingStatus.Blocked);

        var profile = await _grpc.GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = clientId.ToString() });
        Assert.True(profile.Exists);
        Assert.Equal(clientId.ToString(), profile.ClientId);
        Assert.Equal(client.HomeLocationId.ToString(), profile.HomeLocationId);
        Assert.Equal(reasons, profile.Reasons);
        Assert.Equal(reasons.Length > 0, profile.Blocked);
    }

    [Fact]
    public async Task A_new_client_is_blocked_until_a_treatment_consent_is_recorded()
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        await AssertBookingAsync(client.Id, "consent_missing:treatment");

        await _api.RecordConsentAsync(client.Id, "privacy");
        await AssertBookingAsync(client.Id, "consent_missing:treatment");

        await _api.RecordConsentAsync(client.Id, "treatment");
        await AssertBookingAsync(client.Id);
        Assert.Equal(2L, await service.ScalarAsync<long>("SELECT count(*) FROM consents WHERE client_id = $1", client.Id));
    }

    [Fact]
    public async Task Consents_are_kept_with_when_they_were_signed()
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        var signedAt = new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.FromHours(-5));
        using var response = await _api.PostJsonAsync($"/api/clients/{client.Id}/consents", new { type = "treatment", signedAt });
        var consent = await response.ShouldBeAsync<ConsentView>(HttpStatusCode.Created);

        Assert.Equal(signedAt, consent.SignedAt);
        var (read, _) = await _api.GetClientAsync(client.Id);
        Assert.Equal(signedAt, Assert.Single(read.Consents).SignedAt);
    }

    [Fact]
    public async Task Every_contraindication_without_clearance_is_a_reason()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        await _api.RecordHealthHistoryAsync(client.Id, etag, History(["pregnancy", "dvt"]));

        await AssertBookingAsync(client.Id, "contraindication:dvt", "contraindication:pregnancy", "consent_missing:treatment");
    }

    [Fact]
    public async Task A_physician_clearance_unblocks_and_is_returned_with_the_history()
    {
        var (client, etag) = await ConsentedClientAsync();
        var (updated, _) = await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt", "recent-surgery"], Clearance()));

        await AssertBookingAsync(client.Id);
        var clearance = updated.HealthHistory.Clearance!;
        Assert.Equal("1234567893", clearance.PhysicianNpi);
        Assert.Equal(new DateOnly(2026, 1, 10), clearance.ClearedOn);
        Assert.True(clearance.CoversCurrentContraindications);
        Assert.Equal(["chronic low back pain"], updated.HealthHistory.Conditions);
        Assert.Equal(["ibuprofen 400 mg as needed"], updated.HealthHistory.Medications);
    }

    [Fact]
    public async Task A_contraindication_added_later_needs_a_new_clearance()
    {
        var (client, etag) = await ConsentedClientAsync();
        (_, etag) = await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt"], Clearance()));

        // The same clearance sent back does not cover what was added after it.
        (var updated, etag) = await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt", "pregnancy"], Clearance()));
        Assert.False(updated.HealthHistory.Clearance!.CoversCurrentContraindications);
        await AssertBookingAsync(client.Id, "contraindication:dvt", "contraindication:pregnancy");

        // A new clearance (another date) covers them all.
        await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt", "pregnancy"], Clearance(clearedOn: "2026-02-01")));
        await AssertBookingAsync(client.Id);
    }

    [Fact]
    public async Task Removing_a_contraindication_keeps_the_clearance_valid_and_removing_the_clearance_blocks()
    {
        var (client, etag) = await ConsentedClientAsync();
        (_, etag) = await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt", "skin-infection"], Clearance()));
        (_, etag) = await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt"], Clearance()));
        await AssertBookingAsync(client.Id);

        await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt"]));
        await AssertBookingAsync(client.Id, "contraindication:dvt");
    }

    [Fact]
    public async Task An_unknown_client_does_not_exist_and_cannot_be_booked()
    {
        var profile = await _grpc.GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = Guid.CreateVersion7().ToString() });

        Assert.False(profile.Exists);
        Assert.True(profile.Blocked);
        Assert.Equal(["client_not_found"], profile.Reasons);
        Assert.Equal(string.Empty, profile.HomeLocationId);
    }

    [Fact]
    public async Task A_malformed_client_id_is_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _grpc.GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = "not-a-uuid" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("clientId", error.Status.Detail);
    }

    [Fact]
    public async Task Consent_for_an_unknown_client_is_404_and_stores_nothing()
    {
        var before = await service.ScalarAsync<long>("SELECT count(*) FROM consents");
        using var response = await _api.PostJsonAsync($"/api/clients/{Guid.CreateVersion7()}/consents", new { type = "treatment", signedAt = DateTimeOffset.UtcNow });
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await service.ScalarAsync<long>("SELECT count(*) FROM consents"));
    }

    [Fact]
    public async Task The_database_refuses_an_unknown_contraindication_code_even_from_sql()
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            service.ExecuteAsync("UPDATE clients SET contraindications = ARRAY['headache'] WHERE id = $1", client.Id));
        Assert.Equal("ck_clients_contraindications", error.ConstraintName);
    }
}
