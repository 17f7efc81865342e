extern alias clinicalnotes;
extern alias scheduling;

using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Referrals.Api.Domain;

namespace Referrals.Tests;

/// <summary>
/// Referrals on real Kestrel with the real ClinicalNotes service publishing to it: a note signed in ClinicalNotes
/// travels as NoteSigned (outbox, gRPC, inbox) and shows in the referral's progress report. ClinicalNotes starts a
/// note only for a visit the real Scheduling service knows, so the visits are written into Scheduling's database.
/// </summary>
public sealed class ProgressWorld : ReferralsWorld
{
    /// <summary>The therapist who treats every visit here, as their token says.</summary>
    public static readonly Guid TherapistPractitioner = Guid.CreateVersion7();

    public ServiceFactory<clinicalnotes::Program> ClinicalNotes { get; } = new ServiceFactory<clinicalnotes::Program>("notesdb").WithTestUsers();
    public ServiceFactory<scheduling::Program> Scheduling { get; } = new ServiceFactory<scheduling::Program>("schedulingdb").UseRealServer()
        .WithDefaultUser("progress-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);

    private Guid _location, _room;
    private int _visits;

    /// <summary>
    /// A checked-in visit of the therapist with the client, on the referral if one is given, stored in Scheduling (its
    /// booking gates are not under test here). A note takes its visit's referral.
    /// </summary>
    public async Task VisitAsync(Guid appointmentId, Guid clientId, Guid? referralId)
    {
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero).AddHours(Interlocked.Increment(ref _visits));
        await Scheduling.ExecuteAsync("""
            INSERT INTO appointments (id, client_id, practitioner_id, location_id, room_id, starts_at, ends_at, service,
                                      referral_id, status, created_at, status_changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'treatment-60', $8, 'checked-in', $6, $6)
            """, appointmentId, clientId, TherapistPractitioner, _location, _room, start, start.AddHours(1), (object?)referralId ?? DBNull.Value);
    }

    protected override void Configure(ReferralsServiceFactory referrals) => referrals.UseRealServer();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Scheduling.InitializeAsync();
        using (var admin = Scheduling.CreateApiClient())
        {
            using var location = await admin.PostJsonAsync("/api/locations", new
            {
                name = "Progress Clinic", timeZone = "America/New_York", jurisdiction = "US-NY",
                address = new { line1 = "1 Main Street", city = "New York", postalCode = "10001" },
                openingHours = new[] { new { dayOfWeek = "monday", opens = "08:00", closes = "18:00" } },
            });
            _location = (await location.ShouldBeAsync<JsonObject>(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
            using var room = await admin.PostJsonAsync($"/api/locations/{_location}/rooms", new { name = "Room 1" });
            _room = (await room.ShouldBeAsync<JsonObject>(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        }

        // ClinicalNotes delivers NoteSigned to its subscriber "referrals" at http://_grpc.referrals, and asks
        // Scheduling about each visit at http://_grpc.scheduling.
        ClinicalNotes.WithSetting("services:referrals:grpc:0", Referrals.GrpcAddress!.ToString())
            .WithSetting("services:scheduling:grpc:0", Scheduling.GrpcAddress!.ToString())
            .WithSetting("Grpc:DefaultDeadline", "00:00:10"); // patient on a loaded test machine
        await ClinicalNotes.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await ((IAsyncLifetime)ClinicalNotes).DisposeAsync();
        await ((IAsyncLifetime)Scheduling).DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class ProgressReportTests(ProgressWorld world) : IClassFixture<ProgressWorld>
{
    private readonly ReferralsDriver _driver = new(world);

    private HttpClient Therapist() => world.ClinicalNotes.CreateApiClient()
        .AsUser("therapist-a", roles: ["therapist"], practitionerId: ProgressWorld.TherapistPractitioner);

    private static JsonObject Note(Guid clientId, Guid appointmentId, Guid? referralId, int painBefore, int painAfter, decimal odi) => new()
    {
        ["appointmentId"] = appointmentId.ToString(),
        ["clientId"] = clientId.ToString(),
        ["referralId"] = referralId?.ToString(),
        ["kind"] = "treatment",
        ["subjective"] = new JsonObject { ["chiefComplaint"] = "low back stiffness", ["painBefore"] = painBefore },
        ["objective"] = new JsonObject
        {
            ["posture"] = "anterior pelvic tilt",
            ["rangeOfMotion"] = new JsonArray(new JsonObject { ["joint"] = "lumbar-spine", ["movement"] = "flexion", ["degrees"] = 45 }),
            ["palpation"] = "hypertonic erector spinae",
        },
        ["assessment"] = "mechanical low back pain",
        ["plan"] = new JsonObject
        {
            ["techniques"] = new JsonArray("deep-tissue"),
            ["bodyRegions"] = new JsonArray("lower-back"),
            ["homeCare"] = "heat 15 minutes",
        },
        ["painAfter"] = painAfter,
        ["outcomeMeasures"] = new JsonArray(new JsonObject { ["instrument"] = "ODI", ["score"] = odi }),
    };

    private async Task SignAsync(JsonObject note)
    {
        await world.VisitAsync(Guid.Parse(note["appointmentId"]!.GetValue<string>()), Guid.Parse(note["clientId"]!.GetValue<string>()),
            note["referralId"] is { } referral ? Guid.Parse(referral.GetValue<string>()) : null);
        using var therapist = Therapist();
        using var created = await therapist.PostJsonAsync("/api/notes", note);
        var id = (await created.ShouldBeAsync<JsonObject>(HttpStatusCode.Created))["id"]!.GetValue<string>();
        using var signed = await therapist.PostAsync($"/api/notes/{id}/sign", null);
        await signed.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
    }

    private async Task<JsonObject> ReportAsync(Guid referralId)
    {
        using var response = await _driver.Api.GetAsync($"/api/referrals/{referralId}/progress-report");
        return await response.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
    }

    /// <summary>Every NoteSigned of ClinicalNotes acknowledged by Referrals (delivery is asynchronous).</summary>
    private async Task AllDeliveredAsync()
    {
        var clock = Stopwatch.StartNew();
        while (await world.ClinicalNotes.ScalarAsync<long>("SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL") > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "ClinicalNotes did not deliver NoteSigned to Referrals within 30 s.");
            await Task.Delay(100);
        }
    }

    private Task<long> InboxEventsOf(Guid clientId) =>
        world.Referrals.ScalarAsync<long>("SELECT count(*) FROM inbox_events WHERE aggregate_id = $1", clientId.ToString());

    private async Task ConsumedVisitAsync(Guid referralId, Guid clientId, Guid appointmentId)
    {
        await _driver.HoldAsync(referralId, clientId, appointmentId);
        await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referralId, appointmentId));
        await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referralId, appointmentId));
    }

    [Fact]
    public async Task Notes_signed_in_ClinicalNotes_build_the_referrals_progress_report()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await ConsumedVisitAsync(referral.Id, clientId, first);
        await ConsumedVisitAsync(referral.Id, clientId, second);

        await SignAsync(Note(clientId, first, referral.Id, painBefore: 7, painAfter: 4, odi: 42));
        await SignAsync(Note(clientId, second, referral.Id, painBefore: 4, painAfter: 2, odi: 30));
        // The same client's notes under no referral and under another referral are not this report's.
        await SignAsync(Note(clientId, Guid.CreateVersion7(), null, painBefore: 9, painAfter: 9, odi: 80));
        await SignAsync(Note(clientId, Guid.CreateVersion7(), Guid.CreateVersion7(), painBefore: 1, painAfter: 0, odi: 10));
        await AllDeliveredAsync();

        var report = await ReportAsync(referral.Id);

        Assert.Equal(2, report["notesSigned"]!.GetValue<int>());
        Assert.Equal("active", report["status"]!.GetValue<string>());
        Assert.Equal((12, 2, 0, 10), (report["visits"]!["authorized"]!.GetValue<int>(), report["visits"]!["used"]!.GetValue<int>(),
            report["visits"]!["held"]!.GetValue<int>(), report["visits"]!["remaining"]!.GetValue<int>()));

        var pain = report["pain"]!;
        Assert.Equal((7, 4), (pain["first"]!["before"]!.GetValue<int>(), pain["latest"]!["before"]!.GetValue<int>()));
        Assert.Equal((-3m, "improving"), (pain["progress"]!["change"]!.GetValue<decimal>(), pain["progress"]!["trend"]!.GetValue<string>()));
        Assert.Equal(2.5m, pain["averageSessionRelief"]!.GetValue<decimal>());
        Assert.Equal([first.ToString(), second.ToString()], pain["sessions"]!.AsArray().Select(s => s!["appointmentId"]!.GetValue<string>()));

        var odi = Assert.Single(report["outcomeMeasures"]!.AsArray())!;
        Assert.Equal(("ODI", 42m, 30m, 2), (odi["instrument"]!.GetValue<string>(), odi["first"]!.GetValue<decimal>(),
            odi["latest"]!.GetValue<decimal>(), odi["measurements"]!.GetValue<int>()));
        Assert.Equal("improving", odi["progress"]!["trend"]!.GetValue<string>());

        // Each event was applied once; the read model holds scores and ids, not the note's text.
        Assert.Equal(4, await InboxEventsOf(clientId));
        Assert.Equal(2, await world.Referrals.ScalarAsync<long>("SELECT count(*) FROM progress_notes WHERE referral_id = $1", referral.Id));
    }

    [Fact]
    public async Task A_redelivered_NoteSigned_changes_nothing()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        await SignAsync(Note(clientId, Guid.CreateVersion7(), referral.Id, painBefore: 6, painAfter: 3, odi: 40));
        await AllDeliveredAsync();
        Assert.Equal(1, await InboxEventsOf(clientId));

        // As after a lost acknowledgement: ClinicalNotes sends the client's events again.
        await world.ClinicalNotes.ExecuteAsync(
            "UPDATE outbox_deliveries SET delivered_at = NULL, next_attempt_at = now() WHERE event_id IN (SELECT id FROM outbox_events WHERE aggregate_id = $1)",
            clientId.ToString());
        await AllDeliveredAsync();

        Assert.Equal(1, await InboxEventsOf(clientId));
        Assert.Equal(1, (await ReportAsync(referral.Id))["notesSigned"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_referral_without_signed_notes_reports_visits_and_no_scores()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 4, frequencyPerWeek: 1, durationWeeks: 4);
        await _driver.HoldAsync(referral.Id, clientId);

        var report = await ReportAsync(referral.Id);

        Assert.Equal(0, report["notesSigned"]!.GetValue<int>());
        Assert.Null(report["pain"]);
        Assert.Empty(report["outcomeMeasures"]!.AsArray());
        Assert.Equal((1, 3), (report["visits"]!["held"]!.GetValue<int>(), report["visits"]!["remaining"]!.GetValue<int>()));
        Assert.Equal(ReferralStatus.Active.Code(), report["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_progress_report_of_an_unknown_referral_is_404()
    {
        using var response = await _driver.Api.GetAsync($"/api/referrals/{Guid.CreateVersion7()}/progress-report");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
