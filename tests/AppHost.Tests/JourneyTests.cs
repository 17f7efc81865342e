using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.DemoChain;
using Xunit.Abstractions;

namespace AppHost.Tests;

/// <summary>
/// The whole journey on the demo chain, through the gateway, as each role with the real identity service's tokens:
/// a physician prescribes, the front desk registers the patient and books the course, the therapist treats and
/// signs notes, the physician reads the progress, HQ suspends the therapist's licence and sees the appointments at
/// risk, and the front desk can no longer book that therapist. Every step does only what docs/AUTHORIZATION.md
/// allows its role. The journey suspends the demo therapist, so it runs on its own AppHost and data folder.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class JourneyTests(ITestOutputHelper output) : IDisposable
{
    private const string Physician = "demo-physician";
    private const string FrontDesk = "demo-frontdesk";
    private const string Therapist = "demo-therapist";
    private const string HqAuditor = "demo-hq-auditor";

    /// <summary>Events (NoteSigned, AppointmentCompleted, LicenseStatusChanged) reach their consumers within this on a loaded machine.</summary>
    private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(90);

    private static readonly DayOfWeek[] SeriesDays = [DayOfWeek.Monday, DayOfWeek.Thursday];
    private const int Visits = 12;
    private const int SessionMinutes = 60;

    /// <summary>Three visits' pain before and after (0-10) and Oswestry score: a meaningful improvement (DOMAIN.md: 2 points / 8 ODI points).</summary>
    private static readonly (int Before, int After, decimal Odi)[] Sessions = [(7, 5, 42), (5, 4, 36), (4, 2, 30)];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "apphost-journey-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_prescription_is_booked_treated_reported_and_refused_once_the_therapists_licence_is_suspended()
    {
        // Seeding the demo chain takes each service about a minute on a loaded 2-core machine: more than the default 90 s to healthy.
        string[] arguments = ["--postgres-port", PostgresCluster.FreePort().ToString(), "--seed", "demo", "--health-timeout", "300"];
        await using var apphost = AppHostProcess.Start(_dataDirectory, PostgresCluster.FreePort(), arguments);
        await apphost.WaitUntilReadyAsync(TimeSpan.FromMinutes(8));
        var chain = DemoChain.For(DateOnly.ParseExact(File.ReadAllText(Path.Combine(_dataDirectory, "demo-seed-date")).Trim(), "yyyy-MM-dd"));
        var location = chain.Location(DemoIdentities.FrontDeskLocationIds[0]);
        var therapistId = DemoIdentities.TherapistPractitionerId;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        using var physician = await SignInAsync(apphost, Physician);
        using var frontDesk = await SignInAsync(apphost, FrontDesk);
        using var therapist = await SignInAsync(apphost, Therapist);
        using var hq = await SignInAsync(apphost, HqAuditor);

        // 1. The physician prescribes medical massage for a patient the chain has not seen: 2x/week for 6 weeks, 12 visits,
        // from the day of yesterday's consultation (so the prescription has started in every time zone when it is accepted).
        var consultation = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, location.Zone).DateTime).AddDays(-1);
        var doctor = chain.Physicians.Single(p => p.Id == DemoIdentities.PhysicianId);
        var prescription = new
        {
            physicianId = doctor.Id,
            client = new { firstName = "Maren", lastName = "Holloway", dateOfBirth = "1976-09-23", phone = "(212) 555-0187" },
            diagnoses = new[] { "M54.50", "M62.830" },
            cptCodes = new[] { "97140", "97124" },
            bodyRegions = new[] { "lower-back", "hip-gluteal-left" },
            frequencyPerWeek = 2,
            durationWeeks = 6,
            authorizedVisits = Visits,
            sessionMinutes = SessionMinutes,
            precautions = "No deep pressure over the lumbar spine in the first week; mild soreness after treatment is expected.",
            startDate = Iso(consultation),
            expiresOn = Iso(consultation.AddDays(90)),
            attestation = new { signedBy = doctor.DisplayName, signedAt = Instant(DateTimeOffset.UtcNow.AddMinutes(-10)) },
        };
        var key = Guid.NewGuid().ToString();
        var submitted = await physician.SendAsync(HttpMethod.Post, "/api/referrals", prescription, HttpStatusCode.Created, key);
        var referralId = submitted.Body.GetProperty("id").GetString()!;
        Assert.Equal("submitted", submitted.Body.GetProperty("status").GetString());
        var replayed = await physician.SendAsync(HttpMethod.Post, "/api/referrals", prescription, HttpStatusCode.Created, key);
        Assert.Equal(referralId, replayed.Body.GetProperty("id").GetString());
        Assert.Equal("true", replayed.Header(Referrals.ReplayedHeader));

        // 2. The front desk reads the prescription, registers the patient at its location (no such client yet),
        // records the health history and consent, accepts the referral for the client and books the whole course.
        var patient = (await frontDesk.GetAsync($"/api/referrals/{referralId}")).Body.GetProperty("client");
        var lastName = patient.GetProperty("lastName").GetString()!;
        var found = (await frontDesk.GetAsync($"/api/clients?search={lastName}")).Body.GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(found, c => c.GetProperty("dateOfBirth").GetString() == patient.GetProperty("dateOfBirth").GetString());
        var registered = await frontDesk.SendAsync(HttpMethod.Post, "/api/clients", new
        {
            firstName = patient.GetProperty("firstName").GetString(),
            lastName,
            dateOfBirth = patient.GetProperty("dateOfBirth").GetString(),
            phone = patient.GetProperty("phone").GetString(),
            email = "maren.holloway@mail.example",
            homeLocationId = location.Id,
            insurance = new { payer = "Aetna", memberId = "W284619307" },
        }, HttpStatusCode.Created);
        var clientId = registered.Body.GetProperty("id").GetString()!;
        await frontDesk.SendAsync(HttpMethod.Put, $"/api/clients/{clientId}/health-history", new
        {
            conditions = new[] { "chronic low back pain", "lumbar muscle spasm" },
            medications = new[] { "ibuprofen 400 mg as needed" },
            contraindications = Array.Empty<string>(),
        }, HttpStatusCode.OK, ifMatch: registered.Header("ETag"));
        await frontDesk.SendAsync(HttpMethod.Post, $"/api/clients/{clientId}/consents",
            new { type = "treatment", signedAt = Instant(DateTimeOffset.UtcNow.AddMinutes(-2)) }, HttpStatusCode.Created);
        var client = (await frontDesk.GetAsync($"/api/clients/{clientId}")).Body;
        Assert.False(client.GetProperty("bookingStatus").GetProperty("blocked").GetBoolean(), client.ToString());
        Assert.Equal(location.Id.ToString(), client.GetProperty("homeLocationId").GetString());

        var accepted = await frontDesk.SendAsync(HttpMethod.Post, $"/api/referrals/{referralId}/accept", new { clientId }, HttpStatusCode.OK);
        Assert.Equal("active", accepted.Body.GetProperty("status").GetString());
        Assert.Equal(clientId, accepted.Body.GetProperty("clientId").GetString());

        var (firstDay, timeOfDay, dates) = FreeSeries(chain, location, therapistId, today);
        var series = await frontDesk.SendAsync(HttpMethod.Post, "/api/appointments/series", new
        {
            clientId,
            practitionerId = therapistId,
            locationId = location.Id,
            start = Instant(Local(location, firstDay, timeOfDay)),
            durationMinutes = SessionMinutes,
            service = "treatment-60",
            referralId,
            technique = "myofascial-release",
            count = Visits,
            daysOfWeek = SeriesDays.Select(d => d.ToString().ToLowerInvariant()),
        }, HttpStatusCode.Created);
        var appointments = series.Body.GetProperty("appointments").EnumerateArray().OrderBy(a => a.GetProperty("start").GetDateTimeOffset()).ToList();
        Assert.Equal(Visits, series.Body.GetProperty("count").GetInt32());
        Assert.Equal(dates.Select(Iso), appointments.Select(a => a.GetProperty("localDate").GetString()));
        Assert.All(appointments, a =>
        {
            Assert.Equal("booked", a.GetProperty("status").GetString());
            Assert.Equal(therapistId.ToString(), a.GetProperty("practitionerId").GetString());
            Assert.Equal(referralId, a.GetProperty("referralId").GetString());
            Assert.Equal(timeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture), a.GetProperty("localStart").GetString()![..5]);
        });
        var stored = await ClientAppointmentsAsync(frontDesk, clientId);
        Assert.Equal(appointments.Select(Id).Order(), stored.Select(Id).Order());
        var held = (await frontDesk.GetAsync($"/api/referrals/{referralId}")).Body.GetProperty("visits");
        Assert.Equal((Visits, 0, Visits, 0), Counts(held));

        // 3. The therapist treats the first three visits: checks the client in, completes the visit, writes and signs its note.
        var treated = appointments.Take(Sessions.Length).ToList();
        var noteIds = new List<string>();
        for (var i = 0; i < treated.Count; i++)
        {
            var appointmentId = Id(treated[i]);
            Assert.Equal("checked-in", (await therapist.SendAsync(HttpMethod.Post, $"/api/appointments/{appointmentId}/check-in", null, HttpStatusCode.OK)).Body.GetProperty("status").GetString());
            Assert.Equal("completed", (await therapist.SendAsync(HttpMethod.Post, $"/api/appointments/{appointmentId}/complete", null, HttpStatusCode.OK)).Body.GetProperty("status").GetString());
            var draft = await therapist.SendAsync(HttpMethod.Post, "/api/notes", Note(appointmentId, clientId, referralId, Sessions[i]), HttpStatusCode.Created);
            var noteId = draft.Body.GetProperty("id").GetString()!;
            var signed = await therapist.SendAsync(HttpMethod.Post, $"/api/notes/{noteId}/sign", null, HttpStatusCode.OK);
            Assert.Equal("signed", signed.Body.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(signed.Body.GetProperty("hash").GetString()));
            noteIds.Add(noteId);
        }

        var notes = (await therapist.GetAsync($"/api/notes?clientId={clientId}")).Body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(noteIds.Order(), notes.Select(Id).Order());
        Assert.All(notes, n => Assert.Equal("signed", n.GetProperty("status").GetString()));

        // 4. The physician's progress report: three visits used, pain from 7 to 4 (improving), from the signed notes. The
        // visits and the notes reach Referrals by events (AppointmentCompleted, NoteSigned): wait for them, with a deadline.
        var report = await PollAsync(() => physician.GetAsync($"/api/referrals/{referralId}/progress-report"),
            r => r.Body.GetProperty("notesSigned").GetInt32() == Sessions.Length && r.Body.GetProperty("visits").GetProperty("used").GetInt32() == Sessions.Length,
            "the progress report to count 3 signed notes and 3 visits used");
        Assert.Equal((Visits, Sessions.Length, Visits - Sessions.Length, 0), Counts(report.GetProperty("visits")));
        var pain = report.GetProperty("pain");
        Assert.Equal(Sessions.Select(s => s.Before), pain.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("before").GetInt32()));
        Assert.Equal(Sessions[0].Before, pain.GetProperty("first").GetProperty("before").GetInt32());
        Assert.Equal(Sessions[^1].Before, pain.GetProperty("latest").GetProperty("before").GetInt32());
        Assert.Equal("improving", pain.GetProperty("progress").GetProperty("trend").GetString());
        Assert.Equal(Sessions[^1].Before - Sessions[0].Before, pain.GetProperty("progress").GetProperty("change").GetDecimal());
        var odi = Assert.Single(report.GetProperty("outcomeMeasures").EnumerateArray());
        Assert.Equal(("ODI", Sessions[0].Odi, Sessions[^1].Odi, "improving"),
            (odi.GetProperty("instrument").GetString(), odi.GetProperty("first").GetDecimal(), odi.GetProperty("latest").GetDecimal(), odi.GetProperty("progress").GetProperty("trend").GetString()));
        // The report is the physician's and the treating side's; the front desk does not read it.
        await frontDesk.SendAsync(HttpMethod.Get, $"/api/referrals/{referralId}/progress-report", null, HttpStatusCode.Forbidden);

        // 5. HQ sees the licences expiring within 30 days (the demo chain has some), soonest first.
        var expiring = (await hq.GetAsync("/api/credentials/audit/expiring?withinDays=30&limit=200")).Body.GetProperty("items").EnumerateArray().ToList();
        var expected = chain.Therapists.Where(t => t.License.ExpiresOn > today && t.License.ExpiresOn < today.AddDays(30)).Select(t => t.License.Id.ToString()).ToList();
        Assert.NotEmpty(expected);
        Assert.Superset(expected.ToHashSet(), expiring.Select(l => l.GetProperty("licenseId").GetString()!).ToHashSet());
        Assert.All(expiring, l => Assert.InRange(l.GetProperty("daysUntilExpiry").GetInt32(), 0, 30));
        Assert.Equal(expiring.Select(l => l.GetProperty("expiresOn").GetString()).Order(StringComparer.Ordinal), expiring.Select(l => l.GetProperty("expiresOn").GetString()));

        // HQ suspends the therapist's licence (a board order) and sees the therapist's remaining appointments at risk.
        var licence = (await hq.GetAsync($"/api/practitioners/{therapistId}")).Body.GetProperty("licenses").EnumerateArray()
            .Single(l => l.GetProperty("jurisdiction").GetString() == location.Jurisdiction);
        var suspended = await hq.SendAsync(HttpMethod.Post, $"/api/practitioners/{therapistId}/licenses/{Id(licence)}/status",
            new { status = "suspended", reason = "Board order: suspended pending investigation of a practice complaint." }, HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.Body.GetProperty("status").GetString());

        var remaining = appointments.Skip(Sessions.Length).Select(Id).ToHashSet();
        var atRisk = await PollAsync(() => AtRiskAsync(hq, today, dates[^1]),
            items => remaining.IsSubsetOf(items.Select(a => Id(a.GetProperty("appointment")))),
            "the at-risk report to list the suspended therapist's remaining appointments");
        var ours = atRisk.Where(a => remaining.Contains(Id(a.GetProperty("appointment")))).ToList();
        Assert.Equal(remaining.Count, ours.Count);
        Assert.All(ours, a => Assert.Contains("license_suspended", a.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())));
        Assert.DoesNotContain(atRisk, a => treated.Select(Id).Contains(Id(a.GetProperty("appointment"))));

        // 6. The front desk tries to book the therapist again: refused with the reason, and nothing is stored.
        var eligibility = (await frontDesk.GetAsync($"/api/practitioners/{therapistId}/eligibility?jurisdiction={location.Jurisdiction}")).Body;
        Assert.False(eligibility.GetProperty("eligible").GetBoolean());
        Assert.Contains("license_suspended", eligibility.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        var again = await frontDesk.SendAsync(HttpMethod.Post, "/api/appointments", new
        {
            clientId,
            practitionerId = therapistId,
            locationId = location.Id,
            start = Instant(Local(location, dates[^1].AddDays(1), timeOfDay)),
            durationMinutes = SessionMinutes,
            service = "treatment-60",
        }, (HttpStatusCode)422);
        Assert.Equal("practitioner_not_eligible", again.Body.GetProperty("code").GetString());
        Assert.Contains(again.Body.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("license_suspended", StringComparison.Ordinal));
        Assert.Equal(Visits, (await ClientAppointmentsAsync(frontDesk, clientId)).Count);
    }

    /// <summary>
    /// The first course the demo chain leaves free for the therapist at the location: from the first Monday after today,
    /// on Mondays and Thursdays at one hour of the day, where every visit is inside one of the therapist's shifts there
    /// and neither the therapist nor every room is taken by a demo appointment.
    /// </summary>
    private static (DateOnly First, TimeOnly Time, IReadOnlyList<DateOnly> Dates) FreeSeries(DemoChain chain, DemoLocation location, Guid therapistId, DateOnly today)
    {
        var shifts = chain.Shifts.Where(s => s.PractitionerId == therapistId && s.LocationId == location.Id).ToDictionary(s => s.Date);
        var taken = chain.Appointments.Where(a => a.LocationId == location.Id && a.OccupiesTime).ToList();
        bool Free(DateOnly date, TimeOnly time)
        {
            var start = Local(location, date, time);
            var end = start.AddMinutes(SessionMinutes);
            var overlapping = taken.Where(a => a.StartsAt < end && start < a.EndsAt).ToList();
            return shifts.TryGetValue(date, out var shift) && shift.StartsAt <= start && end <= shift.EndsAt
                && overlapping.All(a => a.PractitionerId != therapistId) && overlapping.Count < location.Rooms.Count;
        }

        for (var first = today.AddDays(1); first.AddDays(42) <= chain.LastShiftDay; first = first.AddDays(1))
        {
            if (first.DayOfWeek != SeriesDays[0]) continue;
            var dates = Enumerable.Range(0, 42).Select(first.AddDays).Where(d => SeriesDays.Contains(d.DayOfWeek)).Take(Visits).ToList();
            for (var time = new TimeOnly(8, 0); time < new TimeOnly(19, 0); time = time.AddMinutes(30))
            {
                if (dates.All(d => Free(d, time))) return (first, time, dates);
            }
        }

        throw new InvalidOperationException("The demo chain leaves the therapist no free Monday and Thursday course.");
    }

    /// <summary>A SOAP note of a low-back treatment visit.</summary>
    private static object Note(string appointmentId, string clientId, string referralId, (int Before, int After, decimal Odi) session) => new
    {
        appointmentId,
        clientId,
        referralId,
        kind = "treatment",
        subjective = new { chiefComplaint = "Low back pain radiating to the left buttock, worse after sitting.", painBefore = session.Before },
        objective = new
        {
            posture = "Mild anterior pelvic tilt; left paraspinal guarding.",
            rangeOfMotion = new[] { new { joint = "lumbar-spine", movement = "flexion", degrees = 40 + (7 - session.Before) * 4 } },
            palpation = "Trigger points in left quadratus lumborum and gluteus medius; hypertonic lumbar paraspinals.",
        },
        assessment = "Myofascial low back pain responding to treatment; tolerance for pressure improving.",
        plan = new
        {
            techniques = new[] { "myofascial-release", "trigger-point" },
            bodyRegions = new[] { "lower-back", "hip-gluteal-left" },
            homeCare = "Knee-to-chest and piriformis stretches twice daily; heat 15 minutes after work.",
        },
        painAfter = session.After,
        outcomeMeasures = new[] { new { instrument = "ODI", score = session.Odi } },
    };

    /// <summary>Every appointment of a client (the front desk's list, all pages).</summary>
    private static async Task<List<JsonElement>> ClientAppointmentsAsync(Caller caller, string clientId) =>
        await caller.AllPagesAsync($"/api/appointments?clientId={clientId}&limit=200");

    /// <summary>HQ's at-risk report for the dates, all pages.</summary>
    private static async Task<List<JsonElement>> AtRiskAsync(Caller hq, DateOnly from, DateOnly to) =>
        await hq.AllPagesAsync($"/api/appointments/at-risk?from={Iso(from)}&to={Iso(to)}&limit=200");

    /// <summary>Reads until the answer is what the step waits for (events are asynchronous), or fails at the deadline with the last answer.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (clock.Elapsed > EventDeadline)
            {
                Assert.Fail($"Waited {EventDeadline.TotalSeconds:F0} s for {waitingFor}; last answer: {Describe(value)}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    private static async Task<JsonElement> PollAsync(Func<Task<Reply>> read, Func<Reply, bool> done, string waitingFor) =>
        (await PollAsync<Reply>(read, done, waitingFor)).Body;

    private static string Describe<T>(T value) => value switch
    {
        Reply reply => reply.Body.ToString(),
        IEnumerable<JsonElement> items => $"[{string.Join(", ", items)}]",
        _ => value?.ToString() ?? "null",
    };

    private static (int Authorized, int Used, int Held, int Remaining) Counts(JsonElement visits) => (
        visits.GetProperty("authorized").GetInt32(), visits.GetProperty("used").GetInt32(),
        visits.GetProperty("held").GetInt32(), visits.GetProperty("remaining").GetInt32());

    private static string Id(JsonElement row) => row.GetProperty("id").GetString()!;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>A local date and time at the location, as an instant with the location's offset then.</summary>
    private static DateTimeOffset Local(DemoLocation location, DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, location.Zone.GetUtcOffset(local));
    }

    private async Task<Caller> SignInAsync(AppHostProcess apphost, string user)
    {
        var http = new HttpClient { BaseAddress = apphost.GatewayAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await apphost.TokenAsync(http, user));
        return new Caller(user, http, output);
    }

    /// <summary>Names used on the wire by Referrals.</summary>
    private static class Referrals
    {
        public const string ReplayedHeader = "Idempotent-Replayed";
    }

    private sealed record Reply(JsonElement Body, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }

    /// <summary>One signed-in demo user calling through the gateway.</summary>
    private sealed class Caller(string user, HttpClient http, ITestOutputHelper output) : IDisposable
    {
        public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);

        /// <summary>Sends (again after a 503: <see cref="GatewayRetry"/>), asserts the status naming the user, the call and the answer, and returns the body.</summary>
        public async Task<Reply> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string? idempotencyKey = null, string? ifMatch = null)
        {
            using var response = await http.SendRetryingUnavailableAsync(() =>
            {
                var request = new HttpRequestMessage(method, path);
                if (body is not null) request.Content = JsonContent.Create(body);
                if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
                if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                return request;
            }, line => output.WriteLine($"{user}: {line}"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{user}: {method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
            using var json = JsonDocument.Parse(text.Length == 0 ? "null" : text);
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            return new Reply(json.RootElement.Clone(), headers);
        }

        /// <summary>Every item of a list, following <c>nextCursor</c>.</summary>
        public async Task<List<JsonElement>> AllPagesAsync(string path)
        {
            var items = new List<JsonElement>();
            string? cursor = null;
            do
            {
                var page = (await GetAsync(cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}")).Body;
                items.AddRange(page.GetProperty("items").EnumerateArray());
                cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (cursor is not null);
            return items;
        }

        public void Dispose() => http.Dispose();
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
