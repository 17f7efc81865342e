using System.Net;
using System.Text.Json.Nodes;
using Referrals.Api.Domain;
using Referrals.Api.Features.Referrals;

namespace Referrals.Tests;

/// <summary>
/// submitted -> accepted (active) / rejected; active -> exhausted / expired (from counts and dates) / completed.
/// Every illegal transition is a 409 naming the current status, and changes nothing.
/// </summary>
public sealed class LifecycleTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>
{
    private readonly ReferralsDriver _driver = new(world);

    private async Task<(ReferralView Referral, Guid ClientId)> SubmittedAsync(DateOnly? startDate = null, DateOnly? expiresOn = null, bool forClient = true)
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var clientId = await _driver.RegisterClientAsync();
        var body = ReferralsDriver.ReferralBody(physician.Id, forClient ? clientId : null, startDate: startDate, expiresOn: expiresOn);
        return (await _driver.SubmitReferralAsync(body), clientId);
    }

    private Task<HttpResponseMessage> Post(Guid id, string action, object? body = null) =>
        _driver.Api.PostJsonAsync($"/api/referrals/{id}/{action}", body ?? new { });

    private async Task AssertIllegalAsync(HttpResponseMessage response, string currentStatus)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("illegal_transition", problem.Code);
        Assert.Contains($"is {currentStatus};", problem.Detail);
        Assert.Equal(currentStatus, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["currentStatus"]!.GetValue<string>());
    }

    private Task<string?> StoredStatus(Guid id) => world.Referrals.ScalarAsync<string>("SELECT status FROM referrals WHERE id = $1", id);

    [Fact]
    public async Task Accepting_links_the_client_and_makes_the_referral_active()
    {
        var (referral, clientId) = await SubmittedAsync();

        using var response = await Post(referral.Id, "accept", new { clientId });

        var accepted = await response.ShouldBeAsync<ReferralView>(HttpStatusCode.OK);
        Assert.Equal(ReferralStatus.Active, accepted.Status);
        Assert.Equal(clientId, accepted.ClientId);
        Assert.NotNull(accepted.AcceptedAt);
        Assert.Equal("active", await StoredStatus(referral.Id));
    }

    [Fact]
    public async Task A_referral_for_a_patient_not_registered_yet_is_linked_when_accepted()
    {
        var (referral, clientId) = await SubmittedAsync(forClient: false);
        Assert.Null(referral.ClientId);

        var accepted = await _driver.AcceptAsync(referral.Id, clientId);

        Assert.Equal(clientId, accepted.ClientId);
        Assert.Equal("Rosa", accepted.Client?.FirstName);
        Assert.Equal(clientId, await world.Referrals.ScalarAsync<Guid>("SELECT client_id FROM referrals WHERE id = $1", referral.Id));
    }

    [Fact]
    public async Task Accepted_before_its_start_date_it_shows_accepted_until_the_day_it_starts()
    {
        var start = ReferralsDriver.Today.AddDays(10);
        var (referral, clientId) = await SubmittedAsync(startDate: start, expiresOn: start.AddDays(60));

        var accepted = await _driver.AcceptAsync(referral.Id, clientId);

        Assert.Equal(ReferralStatus.Accepted, accepted.Status);
        Assert.Equal(ReferralStatus.Active, (await _driver.GetAsync(referral.Id, $"?on={IsoDate.Of(start)}")).Status);
        Assert.Equal("active", await StoredStatus(referral.Id));
    }

    [Fact]
    public async Task Accepting_for_another_client_than_the_physician_named_is_422_and_changes_nothing()
    {
        var (referral, _) = await SubmittedAsync();
        var otherClient = await _driver.RegisterClientAsync();

        using var response = await Post(referral.Id, "accept", new { clientId = otherClient });

        Assert.Equal("referral_client_mismatch", (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal("submitted", await StoredStatus(referral.Id));
    }

    [Fact]
    public async Task Accepting_for_a_client_Clients_does_not_know_is_422_client_not_found()
    {
        var (referral, _) = await SubmittedAsync(forClient: false);

        using var response = await Post(referral.Id, "accept", new { clientId = Guid.CreateVersion7() });

        Assert.Equal("client_not_found", (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal("submitted", await StoredStatus(referral.Id));
        Assert.Null(await world.Referrals.ScalarAsync<Guid?>("SELECT client_id FROM referrals WHERE id = $1", referral.Id));
    }

    [Fact]
    public async Task Rejecting_records_the_reason()
    {
        var (referral, _) = await SubmittedAsync();

        using var response = await Post(referral.Id, "reject", new { reason = "  Diagnosis code does not support massage therapy; please send M54.50 or similar. " });

        var rejected = await response.ShouldBeAsync<ReferralView>(HttpStatusCode.OK);
        Assert.Equal(ReferralStatus.Rejected, rejected.Status);
        Assert.Equal("Diagnosis code does not support massage therapy; please send M54.50 or similar.", rejected.StatusReason);
        Assert.NotNull(rejected.ClosedAt);
        Assert.Equal("rejected", await StoredStatus(referral.Id));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"reason\":\"   \"}")]
    [InlineData("")]
    public async Task Rejecting_without_a_reason_is_a_400_naming_reason(string body)
    {
        var (referral, _) = await SubmittedAsync();

        using var response = await _driver.Api.PostRawJsonAsync($"/api/referrals/{referral.Id}/reject", body);

        Assert.Contains("reason", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal("submitted", await StoredStatus(referral.Id));
    }

    [Fact]
    public async Task Completing_an_active_referral_closes_it_and_no_visit_can_be_held_any_more()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var held = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, held);

        using var response = await Post(referral.Id, "complete", new { reason = "Goals met: pain 2/10, full lumbar flexion." });

        var completed = await response.ShouldBeAsync<ReferralView>(HttpStatusCode.OK);
        Assert.Equal(ReferralStatus.Completed, completed.Status);
        Assert.Empty(completed.Warnings);
        var refused = await _driver.Visits.HoldVisitAsync(new global::Referrals.Grpc.HoldVisitRequest
        {
            ReferralId = referral.Id.ToString(), ClientId = clientId.ToString(),
            AppointmentId = Guid.NewGuid().ToString(), VisitDate = IsoDate.Of(ReferralsDriver.Today.AddDays(3)),
        }).ShouldFailAsync(global::Grpc.Core.StatusCode.FailedPrecondition);
        Assert.Equal("referral_not_active", refused.Trailers.GetValue("problem-code"));
        // A visit already held may still be used: the appointment was booked while the referral was active.
        var consumed = await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, held));
        Assert.Equal(1, consumed.Used);
    }

    [Fact]
    public async Task Completing_needs_no_body()
    {
        var (referral, _) = await _driver.ActiveReferralAsync();
        using var response = await _driver.Api.PostAsync($"/api/referrals/{referral.Id}/complete", null);
        Assert.Equal(ReferralStatus.Completed, (await response.ShouldBeAsync<ReferralView>(HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task Every_illegal_transition_is_a_409_naming_the_current_status()
    {
        var (active, clientId) = await _driver.ActiveReferralAsync();
        await AssertIllegalAsync(await Post(active.Id, "accept", new { clientId }), "active");
        await AssertIllegalAsync(await Post(active.Id, "reject", new { reason = "too late" }), "active");

        var (submitted, _) = await SubmittedAsync();
        await AssertIllegalAsync(await Post(submitted.Id, "complete"), "submitted");

        var (rejected, rejectedClient) = await SubmittedAsync();
        (await Post(rejected.Id, "reject", new { reason = "wrong patient" })).EnsureSuccessStatusCode();
        await AssertIllegalAsync(await Post(rejected.Id, "accept", new { clientId = rejectedClient }), "rejected");
        await AssertIllegalAsync(await Post(rejected.Id, "reject", new { reason = "again" }), "rejected");
        await AssertIllegalAsync(await Post(rejected.Id, "complete"), "rejected");

        (await Post(active.Id, "complete")).EnsureSuccessStatusCode();
        await AssertIllegalAsync(await Post(active.Id, "complete"), "completed");
        await AssertIllegalAsync(await Post(active.Id, "accept", new { clientId }), "completed");
        await AssertIllegalAsync(await Post(active.Id, "reject", new { reason = "x" }), "completed");

        Assert.Equal("rejected", await StoredStatus(rejected.Id));
        Assert.Equal("completed", await StoredStatus(active.Id));
        Assert.Equal("submitted", await StoredStatus(submitted.Id));
    }

    [Fact]
    public async Task A_referral_is_exhausted_while_every_visit_is_used_or_held_and_active_again_when_one_is_released()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 2, frequencyPerWeek: 1, durationWeeks: 2);
        var first = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, first);
        await _driver.HoldAsync(referral.Id, clientId);

        var exhausted = await _driver.GetAsync(referral.Id);
        Assert.Equal(ReferralStatus.Exhausted, exhausted.Status);
        Assert.Contains(ReferralState.VisitsLow, exhausted.Warnings);

        await _driver.Visits.ReleaseHoldAsync(ReferralsDriver.Ref(referral.Id, first));
        Assert.Equal(ReferralStatus.Active, (await _driver.GetAsync(referral.Id)).Status);
    }

    [Fact]
    public async Task A_referral_is_expired_after_its_expiry_date_and_can_still_be_completed()
    {
        var (referral, _) = await _driver.ActiveReferralAsync(expiresOn: ReferralsDriver.Today.AddDays(3));

        Assert.Equal(ReferralStatus.Expired, (await _driver.GetAsync(referral.Id, $"?on={IsoDate.Of(ReferralsDriver.Today.AddDays(4))}")).Status);
        Assert.Equal(ReferralStatus.Active, (await _driver.GetAsync(referral.Id, $"?on={IsoDate.Of(ReferralsDriver.Today.AddDays(3))}")).Status);

        _driver.Clock.Advance(TimeSpan.FromDays(6));
        try
        {
            Assert.Equal(ReferralStatus.Expired, (await _driver.GetAsync(referral.Id)).Status);
            using var response = await Post(referral.Id, "accept", new { clientId = Guid.NewGuid() });
            await AssertIllegalAsync(response, "expired");
            using var completed = await Post(referral.Id, "complete", new { reason = "Prescription lapsed; physician informed." });
            Assert.Equal(ReferralStatus.Completed, (await completed.ShouldBeAsync<ReferralView>(HttpStatusCode.OK)).Status);
        }
        finally
        {
            _driver.Clock.Reset();
        }
    }

    [Fact]
    public async Task Accept_and_reject_at_the_same_time_leave_exactly_one_outcome()
    {
        var (referral, clientId) = await SubmittedAsync();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = i % 2 == 0
                ? await Post(referral.Id, "accept", new { clientId })
                : await Post(referral.Id, "reject", new { reason = "duplicate prescription" });
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Contains(await StoredStatus(referral.Id), new[] { "active", "rejected" });
    }

    [Fact]
    public async Task Transitions_of_an_unknown_referral_are_404()
    {
        using var response = await Post(Guid.CreateVersion7(), "reject", new { reason = "x" });
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
