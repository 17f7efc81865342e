using System.Net;
using System.Text.Json.Nodes;
using Referrals.Api.Domain;
using Referrals.Api.Features.Referrals;

namespace Referrals.Tests;

/// <summary>Submitting a prescription: what is stored, who it is for, and idempotency.</summary>
public sealed class SubmissionTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>
{
    private readonly ReferralsDriver _driver = new(world);

    private Task<long> ReferralRows() => _driver.CountAsync("SELECT count(*) FROM referrals");

    [Fact]
    public async Task A_prescription_for_a_registered_client_is_stored_as_submitted()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var clientId = await _driver.RegisterClientAsync();
        var body = ReferralsDriver.ReferralBody(physician.Id, clientId);
        body["diagnoses"] = new JsonArray("m54.50", "G44.209", "M79.7");

        using var response = await _driver.SubmitAsync(body, Guid.NewGuid().ToString());

        var referral = await response.ShouldBeAsync<ReferralView>(HttpStatusCode.Created);
        Assert.Equal($"/api/referrals/{referral.Id}", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(ReferralStatus.Submitted, referral.Status);
        Assert.Equal(clientId, referral.ClientId);
        Assert.Null(referral.Client);
        Assert.Equal(["M54.50", "G44.209", "M79.7"], referral.Diagnoses);
        Assert.Equal(["97124", "97140"], referral.CptCodes);
        Assert.Equal((12, 0, 0, 12), (referral.Visits.Authorized, referral.Visits.Used, referral.Visits.Held, referral.Visits.Remaining));
        Assert.Empty(referral.Warnings);
        Assert.Equal("Maya Okafor, MD", referral.Attestation.SignedBy);
        Assert.Equal("submitted", await world.Referrals.ScalarAsync<string>("SELECT status FROM referrals WHERE id = $1", referral.Id));
        Json.AssertSame(referral, await _driver.GetAsync(referral.Id));
    }

    [Fact]
    public async Task A_prescription_for_a_patient_not_registered_yet_keeps_their_details()
    {
        var physician = await _driver.RegisterPhysicianAsync();

        var referral = await _driver.SubmitReferralAsync(ReferralsDriver.ReferralBody(physician.Id));

        Assert.Null(referral.ClientId);
        Assert.Equal(new PatientDetails("Rosa", "Delgado", new DateOnly(1971, 3, 9), "+13055550199"), referral.Client);
        Assert.Equal("Delgado", await world.Referrals.ScalarAsync<string>("SELECT patient_last_name FROM referrals WHERE id = $1", referral.Id));
    }

    [Fact]
    public async Task An_unknown_physician_is_422_physician_not_found_and_nothing_is_stored()
    {
        var clientId = await _driver.RegisterClientAsync();
        var before = await ReferralRows();

        using var response = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(Guid.CreateVersion7(), clientId), Guid.NewGuid().ToString());

        Assert.Equal("physician_not_found", (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal(before, await ReferralRows());
    }

    [Fact]
    public async Task An_unknown_client_is_422_client_not_found_and_nothing_is_stored()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var before = await ReferralRows();

        using var response = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id, Guid.CreateVersion7()), Guid.NewGuid().ToString());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("client_not_found", problem.Code);
        Assert.StartsWith("clientId:", Assert.Single(problem.Reasons!));
        Assert.Equal(before, await ReferralRows());
    }

    [Fact]
    public async Task When_Clients_is_down_the_submission_is_a_503_with_retry_after_and_nothing_is_stored()
    {
        // A Referrals host of its own whose Clients address answers nothing.
        var cut = new ReferralsServiceFactory();
        cut.WithSetting("services:clients:grpc:0", $"http://127.0.0.1:{PostgresCluster.FreePort()}");
        await cut.InitializeAsync();
        try
        {
            using var api = cut.CreateApiClient();
            var physician = (await ReferralsDriver.RegisterPhysicianAsync(api)).Id;
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
            {
                Content = new StringContent(ReferralsDriver.ReferralBody(physician, Guid.CreateVersion7()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var started = DateTime.UtcNow;
            using var response = await api.SendAsync(request);

            Assert.Equal("dependency_unavailable", (await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable)).Code);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
            Assert.Equal(0, await cut.ScalarAsync<long>("SELECT count(*) FROM referrals"));
        }
        finally
        {
            await ((IAsyncLifetime)cut).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_key_and_body_again_answer_the_same_referral_marked_as_a_replay()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var clientId = await _driver.RegisterClientAsync();
        var body = ReferralsDriver.ReferralBody(physician.Id, clientId);
        var key = Guid.NewGuid().ToString();

        using var first = await _driver.SubmitAsync(body, key);
        var original = await first.ShouldBeAsync<ReferralView>(HttpStatusCode.Created);
        // The same terms written differently: other property order, whitespace, letter case of a code, another offset.
        var rewritten = JsonNode.Parse(body.ToJsonString())!.AsObject();
        rewritten["diagnoses"] = new JsonArray("m54.50", "M62.830");
        var signedAt = DateTimeOffset.Parse(body["attestation"]!["signedAt"]!.GetValue<string>());
        rewritten["attestation"] = new JsonObject { ["signedAt"] = signedAt.ToOffset(TimeSpan.FromHours(-5)).ToString("O"), ["signedBy"] = "Maya Okafor, MD" };
        var reordered = new JsonObject(rewritten.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        using var again = await _driver.SubmitRawAsync("  " + reordered.ToJsonString() + "\n", key);

        var replayed = await again.ShouldBeAsync<ReferralView>(HttpStatusCode.Created);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal($"/api/referrals/{original.Id}", again.Headers.Location?.OriginalString);
        Json.AssertSame(original, replayed);
        Assert.Equal(1, await _driver.CountAsync("SELECT count(*) FROM referrals WHERE idempotency_key = $1", key));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422_and_changes_nothing()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var clientId = await _driver.RegisterClientAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id, clientId), key);
        var original = await first.ShouldBeAsync<ReferralView>(HttpStatusCode.Created);
        var before = await ReferralRows();

        using var response = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id, clientId, authorizedVisits: 10), key);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("idempotency_key_reused", problem.Code);
        Assert.Contains(original.Id.ToString(), problem.Detail);
        Assert.Equal(before, await ReferralRows());
        Assert.Equal(12, (await _driver.GetAsync(original.Id)).AuthorizedVisits);
    }

    [Fact]
    public async Task The_same_key_sent_twenty_times_at_once_stores_exactly_one_referral()
    {
        // For a patient not registered yet, so the race is the service's own, not twenty calls to Clients.
        var physician = await _driver.RegisterPhysicianAsync();
        var body = ReferralsDriver.ReferralBody(physician.Id).ToJsonString();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var api = world.Referrals.CreateApiClient();
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await api.SendAsync(request);
            var referral = await response.ShouldBeAsync<ReferralView>(HttpStatusCode.Created);
            return (referral.Id, Replayed: response.Headers.Contains("Idempotent-Replayed"));
        }));

        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(1, answers.Count(a => !a.Replayed));
        Assert.Equal(1, await _driver.CountAsync("SELECT count(*) FROM referrals WHERE idempotency_key = $1", key));
    }

    [Fact]
    public async Task The_same_key_with_two_different_bodies_at_once_stores_one_and_refuses_the_other()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var key = Guid.NewGuid().ToString();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id, authorizedVisits: i % 2 == 0 ? 12 : 10), key);
            return response.StatusCode;
        }));

        Assert.Equal(1, await _driver.CountAsync("SELECT count(*) FROM referrals WHERE idempotency_key = $1", key));
        var stored = await _driver.CountAsync("SELECT authorized_visits FROM referrals WHERE idempotency_key = $1", key);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.UnprocessableEntity));
        Assert.Contains(stored, new long[] { 10, 12 });
    }

    [Fact]
    public async Task A_refused_submission_does_not_use_up_its_key()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var key = Guid.NewGuid().ToString();
        using var refused = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id, Guid.CreateVersion7()), key);
        await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        using var corrected = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id), key);

        await corrected.ShouldBeAsync<ReferralView>(HttpStatusCode.Created);
        Assert.False(corrected.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Keys_belong_to_their_submitter()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var key = Guid.NewGuid().ToString();
        var body = ReferralsDriver.ReferralBody(physician.Id).ToJsonString();

        async Task<Guid> SubmitAs(string subject)
        {
            using var api = world.Referrals.CreateApiClient().AsUser(subject, roles: ["physician"], physicianId: physician.Id);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await api.SendAsync(request);
            return (await response.ShouldBeAsync<ReferralView>(HttpStatusCode.Created)).Id;
        }

        Assert.NotEqual(await SubmitAs("ehr-bayside"), await SubmitAs("ehr-northside"));
        Assert.Equal("ehr-bayside", await world.Referrals.ScalarAsync<string>(
            "SELECT submitted_by FROM referrals WHERE idempotency_key = $1 ORDER BY id LIMIT 1", key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    public async Task A_missing_or_malformed_idempotency_key_is_a_400_naming_the_header_and_nothing_is_stored(string? key)
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var before = await ReferralRows();

        using var response = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id), key);

        Assert.Contains("Idempotency-Key", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal(before, await ReferralRows());
    }

    [Fact]
    public async Task A_300_character_key_is_a_400()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        using var response = await _driver.SubmitAsync(ReferralsDriver.ReferralBody(physician.Id), new string('k', 300));
        Assert.Contains("Idempotency-Key", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }
}
