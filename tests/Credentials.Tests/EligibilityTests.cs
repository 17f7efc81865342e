using System.Net;
using Credentials.Api.Features.Eligibility;
using Credentials.Grpc;
using Grpc.Core;
using Platform.ServiceDefaults.Grpc;

namespace Credentials.Tests;

/// <summary>
/// Every eligibility reason, end to end through the REST route and the gRPC contract Scheduling calls, on
/// data recorded through the API and stored in PostgreSQL. Each scenario asks both transports and expects
/// the same answer.
/// </summary>
public sealed class EligibilityTests : IClassFixture<CredentialsServiceFactory>, IDisposable
{
    private static readonly DateOnly Today = CredentialsServiceFactory.Today;
    private readonly CredentialsServiceFactory _service;
    private readonly CredentialsClient _api;
    private readonly global::Grpc.Net.Client.GrpcChannel _channel;
    private readonly Eligibility.EligibilityClient _grpc;

    public EligibilityTests(CredentialsServiceFactory service)
    {
        _service = service;
        _api = new CredentialsClient(service.CreateApiClient());
        _channel = service.CreateGrpcChannel();
        _grpc = new Eligibility.EligibilityClient(_channel);
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>Asks REST and gRPC; both must give this answer.</summary>
    private async Task AssertAnswer(Guid practitionerId, string jurisdiction, DateOnly on, string technique, params string[] reasons)
    {
        var query = $"/api/practitioners/{practitionerId}/eligibility?jurisdiction={jurisdiction}&on={on:yyyy-MM-dd}&technique={technique}";
        using var response = await _api.Http.GetAsync(query);
        var rest = await response.ShouldBeAsync<EligibilityAnswer>(HttpStatusCode.OK);
        Assert.Equal(reasons, rest.Reasons);
        Assert.Equal(reasons.Length == 0, rest.Eligible);

        var grpc = await _grpc.CheckEligibilityAsync(new CheckEligibilityRequest
        {
            PractitionerId = practitionerId.ToString(), Jurisdiction = jurisdiction, Date = on.ToString("yyyy-MM-dd"), Technique = technique,
        });
        Assert.Equal(reasons, grpc.Reasons);
        Assert.Equal(reasons.Length == 0, grpc.Eligible);
        Assert.Equal(practitionerId.ToString(), grpc.PractitionerId);
    }

    [Fact]
    public async Task An_active_verified_unexpired_licence_makes_the_practitioner_eligible()
    {
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-FL");

        await AssertAnswer(practitioner.Id, "US-FL", Today, "swedish");
        await AssertAnswer(practitioner.Id, "US-FL", Today, "");
    }

    [Fact]
    public async Task A_licence_elsewhere_is_no_licence_in_the_jurisdiction()
    {
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-GA");

        await AssertAnswer(practitioner.Id, "US-FL", Today, "swedish", "no_license_in_jurisdiction");
    }

    [Fact]
    public async Task A_licence_covers_its_expiry_day_but_not_the_next()
    {
        var practitioner = await _api.RegisterAsync();
        var expiry = new DateOnly(2026, 6, 30);
        await _api.AddVerifiedLicenseAsync(practitioner.Id, "CA-ON", expiresOn: expiry);

        await AssertAnswer(practitioner.Id, "CA-ON", expiry, "deep-tissue");
        await AssertAnswer(practitioner.Id, "CA-ON", expiry.AddDays(1), "deep-tissue", "license_expired");
    }

    [Fact]
    public async Task A_licence_does_not_cover_days_before_its_issue()
    {
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-FL");

        await AssertAnswer(practitioner.Id, "US-FL", new DateOnly(2024, 6, 30), "swedish", "license_not_yet_valid");
    }

    [Fact]
    public async Task A_suspended_then_revoked_licence_says_so_and_a_reinstated_one_counts_again()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-TX");

        await _api.SetStatusAsync(license, "suspended");
        await AssertAnswer(practitioner.Id, "US-TX", Today, "sports", "license_suspended");

        await _api.SetStatusAsync(license, "active", "Cleared by the board");
        await AssertAnswer(practitioner.Id, "US-TX", Today, "sports");

        await _api.SetStatusAsync(license, "revoked");
        await AssertAnswer(practitioner.Id, "US-TX", Today, "sports", "license_revoked");
    }

    [Fact]
    public async Task An_unverified_licence_and_one_whose_latest_check_found_a_discrepancy_do_not_count()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id, "US-WA");
        await AssertAnswer(practitioner.Id, "US-WA", Today, "swedish", "license_unverified");

        await _api.VerifyAsync(license, "verified", new DateOnly(2025, 9, 1));
        await AssertAnswer(practitioner.Id, "US-WA", Today, "swedish");

        await _api.VerifyAsync(license, "discrepancy", new DateOnly(2026, 3, 1));
        await AssertAnswer(practitioner.Id, "US-WA", Today, "swedish", "license_unverified");
    }

    [Fact]
    public async Task Lymphatic_drainage_needs_a_current_MLD_certificate_and_prenatal_a_PRENATAL_one()
    {
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-FL");
        await AssertAnswer(practitioner.Id, "US-FL", Today, "lymphatic-drainage", "certification_missing:MLD");
        await AssertAnswer(practitioner.Id, "US-FL", Today, "prenatal", "certification_missing:PRENATAL");

        await _api.AddCertificationAsync(practitioner.Id, "MLD", new DateOnly(2024, 3, 1), new DateOnly(2026, 3, 1));
        await AssertAnswer(practitioner.Id, "US-FL", Today, "lymphatic-drainage", "certification_expired:MLD");
        await AssertAnswer(practitioner.Id, "US-FL", new DateOnly(2026, 3, 1), "lymphatic-drainage");

        await _api.AddCertificationAsync(practitioner.Id, "PRENATAL", Today);
        await AssertAnswer(practitioner.Id, "US-FL", Today.AddDays(-1), "prenatal", "certification_not_yet_valid:PRENATAL");
        await AssertAnswer(practitioner.Id, "US-FL", Today, "prenatal");
    }

    [Fact]
    public async Task A_no_lists_every_reason_at_once()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id, "US-NV", expiresOn: new DateOnly(2026, 1, 31));
        await _api.SetStatusAsync(license, "suspended");

        await AssertAnswer(practitioner.Id, "US-NV", Today, "lymphatic-drainage",
            "license_expired", "license_suspended", "license_unverified", "certification_missing:MLD");
    }

    [Fact]
    public async Task Without_a_date_the_answer_is_for_today_in_the_jurisdiction()
    {
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-FL", expiresOn: Today);

        using var response = await _api.Http.GetAsync($"/api/practitioners/{practitioner.Id}/eligibility?jurisdiction=US-FL");

        var answer = await response.ShouldBeAsync<EligibilityAnswer>(HttpStatusCode.OK);
        Assert.Equal((Today, true), (answer.On, answer.Eligible));
    }

    [Fact]
    public async Task An_unknown_practitioner_is_404_over_rest_and_not_found_over_grpc()
    {
        var unknown = Guid.CreateVersion7();
        using var response = await _api.Http.GetAsync($"/api/practitioners/{unknown}/eligibility?jurisdiction=US-FL&on=2026-03-10");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _grpc.CheckEligibilityAsync(new CheckEligibilityRequest { PractitionerId = unknown.ToString(), Jurisdiction = "US-FL", Date = "2026-03-10" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData("jurisdiction=FL&on=2026-03-10", "jurisdiction")]
    [InlineData("on=2026-03-10", "jurisdiction")]
    [InlineData("jurisdiction=US-FL&on=2026-02-30", "on")]
    [InlineData("jurisdiction=US-FL&on=03/10/2026", "on")]
    [InlineData("jurisdiction=US-FL&technique=reiki", "technique")]
    public async Task Bad_questions_are_400_naming_the_parameter_over_rest(string query, string field)
    {
        var practitioner = await _api.RegisterAsync();

        using var response = await _api.Http.GetAsync($"/api/practitioners/{practitioner.Id}/eligibility?{query}");

        Assert.True((await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey(field));
    }

    [Theory]
    [InlineData("not-a-uuid", "US-FL", "2026-03-10", "", "practitionerId")]
    [InlineData("", "US-FL", "2026-03-10", "", "practitionerId")]
    [InlineData("0197a1f2-3c4d-7e5f-8a9b-0c1d2e3f4a5b", "Florida", "2026-03-10", "", "jurisdiction")]
    [InlineData("0197a1f2-3c4d-7e5f-8a9b-0c1d2e3f4a5b", "US-FL", "2026-13-01", "", "date")]
    [InlineData("0197a1f2-3c4d-7e5f-8a9b-0c1d2e3f4a5b", "US-FL", "2026-03-10", "Lymphatic Drainage", "technique")]
    public async Task Bad_questions_are_invalid_argument_naming_the_field_over_grpc(string id, string jurisdiction, string date, string technique, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _grpc.CheckEligibilityAsync(
            new CheckEligibilityRequest { PractitionerId = id, Jurisdiction = jurisdiction, Date = date, Technique = technique }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail + string.Join(',', error.GetErrors().Keys));
    }

    [Fact]
    public async Task A_batch_answers_in_the_order_asked_with_unknown_practitioners_refused()
    {
        var eligible = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(eligible.Id, "US-FL");
        var unverified = await _api.RegisterAsync();
        await _api.AddLicenseAsync(unverified.Id, "US-FL");
        var unknown = Guid.CreateVersion7();

        var request = new CheckEligibilityBatchRequest();
        request.Checks.Add(new CheckEligibilityRequest { PractitionerId = unverified.Id.ToString(), Jurisdiction = "US-FL", Date = "2026-03-10" });
        request.Checks.Add(new CheckEligibilityRequest { PractitionerId = eligible.Id.ToString(), Jurisdiction = "US-FL", Date = "2026-03-10", Technique = "lymphatic-drainage" });
        request.Checks.Add(new CheckEligibilityRequest { PractitionerId = unknown.ToString(), Jurisdiction = "US-FL", Date = "2026-03-10" });
        request.Checks.Add(new CheckEligibilityRequest { PractitionerId = eligible.Id.ToString(), Jurisdiction = "US-FL", Date = "2026-03-10" });
        request.Checks.Add(new CheckEligibilityRequest { PractitionerId = eligible.Id.ToString(), Jurisdiction = "CA-BC", Date = "2026-03-10" });

        var reply = await _grpc.CheckEligibilityBatchAsync(request);

        Assert.Equal(
            [
                (unverified.Id.ToString(), false, "license_unverified"),
                (eligible.Id.ToString(), false, "certification_missing:MLD"),
                (unknown.ToString(), false, "practitioner_unknown"),
                (eligible.Id.ToString(), true, ""),
                (eligible.Id.ToString(), false, "no_license_in_jurisdiction"),
            ],
            reply.Results.Select(r => (r.PractitionerId, r.Eligible, string.Join(',', r.Reasons))));
    }

    [Fact]
    public async Task A_batch_with_a_bad_check_names_it()
    {
        var request = new CheckEligibilityBatchRequest();
        request.Checks.Add(new CheckEligibilityRequest { PractitionerId = Guid.CreateVersion7().ToString(), Jurisdiction = "US-FL" });
        request.Checks.Add(new CheckEligibilityRequest { PractitionerId = Guid.CreateVersion7().ToString(), Jurisdiction = "XX" });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _grpc.CheckEligibilityBatchAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("checks[1].jurisdiction", error.GetErrors().Keys);
    }

    [Fact]
    public async Task The_eligible_list_gives_windows_that_end_when_a_licence_expires_or_start_with_a_certificate()
    {
        var jurisdiction = "US-MT";
        var allRange = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(allRange.Id, jurisdiction);
        var expiring = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(expiring.Id, jurisdiction, expiresOn: new DateOnly(2026, 3, 15));
        var suspended = await _api.RegisterAsync();
        await _api.SetStatusAsync(await _api.AddVerifiedLicenseAsync(suspended.Id, jurisdiction), "suspended");
        var mldLater = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(mldLater.Id, jurisdiction);
        await _api.AddCertificationAsync(mldLater.Id, "MLD", issuedOn: Today);

        var swedish = await ListAsync(jurisdiction, "2026-03-10", "2026-03-23", "swedish");
        Assert.Equal(
            new[]
            {
                (allRange.Id, "2026-03-10", "2026-03-23"),
                (expiring.Id, "2026-03-10", "2026-03-15"),
                (mldLater.Id, "2026-03-10", "2026-03-23"),
            }.Order(),
            swedish.Order());

        var lymphatic = await ListAsync(jurisdiction, "2026-03-09", "2026-03-23", "lymphatic-drainage");
        Assert.Equal([(mldLater.Id, "2026-03-10", "2026-03-23")], lymphatic);

        var filtered = await ListAsync(jurisdiction, "2026-03-10", "", "", expiring.Id, suspended.Id);
        Assert.Equal([(expiring.Id, "2026-03-10", "2026-03-10")], filtered);
    }

    [Theory]
    [InlineData("US-FL", "", "2026-03-10", "from")]
    [InlineData("US-FL", "2026-03-10", "2026-03-01", "to")]
    [InlineData("US-FL", "2026-01-01", "2026-12-31", "to")]
    [InlineData("", "2026-03-10", "2026-03-11", "jurisdiction")]
    public async Task A_bad_eligible_list_question_is_invalid_argument_naming_the_field(string jurisdiction, string from, string to, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _grpc.ListEligiblePractitionersAsync(new ListEligiblePractitionersRequest { Jurisdiction = jurisdiction, From = from, To = to }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.GetErrors().Keys);
    }

    private async Task<List<(Guid, string, string)>> ListAsync(string jurisdiction, string from, string to, string technique, params Guid[] ids)
    {
        var request = new ListEligiblePractitionersRequest { Jurisdiction = jurisdiction, From = from, To = to, Technique = technique };
        request.PractitionerIds.AddRange(ids.Select(id => id.ToString()));
        var reply = await _grpc.ListEligiblePractitionersAsync(request);
        return reply.Windows.Select(w => (Guid.Parse(w.PractitionerId), w.From, w.To)).ToList();
    }
}
