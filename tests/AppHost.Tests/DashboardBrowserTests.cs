using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests;

/// <summary>
/// The AppHost's dashboard in a real browser: sign in with the printed token, every page, live console,
/// stop and start a service, and a request's trace from the gateway down to its SQL with its logs.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class DashboardBrowserTests : IClassFixture<DashboardFixture>
{
    private readonly DashboardFixture fixture;

    public DashboardBrowserTests(DashboardFixture fixture)
    {
        this.fixture = fixture;
        // A 2-core machine shared with other builds: pages and services may take a while.
        SetDefaultExpectTimeout(30_000);
    }

    private static readonly string[] Resources = ["postgres", "clientsdb", "schedulingdb", "notesdb", "referralsdb", "credentialsdb", "identitydb", "identity", "credentials", "clients", "referrals", "clinicalnotes", "scheduling", "gateway"];
    private static readonly LocatorAssertionsToContainTextOptions Live = new() { Timeout = 30_000 };

    /// <summary>Demo users the AppHost seeds and prints: the administrator may set up and book anything; only a therapist writes notes.</summary>
    private const string Admin = "demo-admin";
    private const string Therapist = "demo-therapist";

    /// <summary>The gateway as a signed-in demo user (the gateway refuses anonymous API calls).</summary>
    private async Task<HttpClient> GatewayAsync(string user)
    {
        var gateway = new HttpClient { BaseAddress = fixture.AppHost.GatewayAddress, Timeout = TimeSpan.FromSeconds(15) };
        gateway.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await fixture.AppHost.TokenAsync(gateway, user));
        return gateway;
    }

    private static int _visits;

    /// <summary>
    /// A draft clinical note, created through the gateway by the demo therapist: gateway → clinical notes → Scheduling
    /// (gRPC) → PostgreSQL, and a log line. A note documents a visit the therapist treated; the platform runs without
    /// the demo chain here, so the demo therapist's checked-in visit is written into Scheduling's database (a location,
    /// room and client made through the gateway by the administrator).
    /// </summary>
    private async Task<string> CreateNoteThroughGatewayAsync(HttpClient therapist)
    {
        using var admin = await GatewayAsync(Admin);
        var location = await CreatedAsync(admin, "/api/locations", new
        {
            name = "Notes clinic " + Letters(),
            timeZone = "America/New_York",
            jurisdiction = "US-NY",
            address = new { line1 = "1 Main Street", city = "New York", postalCode = "10001" },
            openingHours = new[] { new { dayOfWeek = "monday", opens = "08:00", closes = "18:00" } },
        });
        var room = await CreatedAsync(admin, $"/api/locations/{location}/rooms", new { name = "Room 1" });
        var client = await CreatedAsync(admin, "/api/clients", new { firstName = "Nora", lastName = "Note" + Letters(), dateOfBirth = "1979-03-14", homeLocationId = location });
        var appointment = Guid.CreateVersion7();
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero).AddHours(Interlocked.Increment(ref _visits));
        await using (var scheduling = new Npgsql.NpgsqlConnection(fixture.AppHost.ConnectionString("schedulingdb")))
        {
            await scheduling.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO appointments (id, client_id, practitioner_id, location_id, room_id, starts_at, ends_at, service,
                                          status, created_at, status_changed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'treatment-60', 'checked-in', $6, $6)
                """, scheduling);
            foreach (var value in new object[] { appointment, Guid.Parse(client), Platform.DemoChain.DemoIdentities.TherapistPractitionerId, Guid.Parse(location), Guid.Parse(room), start, start.AddHours(1) })
            {
                insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
            }

            await insert.ExecuteNonQueryAsync();
        }

        using var response = await therapist.SendRetryingUnavailableAsync(() => Post("/api/notes", new { appointmentId = appointment, clientId = client, kind = "treatment" }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/notes: {(int)response.StatusCode} {text}");
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Without_the_printed_token_every_page_is_a_login_form_and_the_token_signs_in()
    {
        var page = await fixture.NewPageAsync();
        foreach (var path in new[] { "/resources", "/console/gateway", "/logs", "/traces", "/metrics" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(401, response!.Status);
            await Expect(page.Locator("form[action='/login'] input[name=token]")).ToBeVisibleAsync();
        }

        var api = await page.APIRequest.GetAsync("/console/gateway/lines");
        Assert.Equal(401, api.Status);
        var post = await page.APIRequest.PostAsync("/resources/credentials/stop");
        Assert.Equal(401, post.Status);

        var wrong = await page.GotoAsync("/traces?t=not-the-token");
        Assert.Equal(401, wrong!.Status);
        await Expect(page.Locator("p.error")).ToContainTextAsync("not this run's");

        await page.FillAsync("input[name=token]", fixture.LoginToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/resources$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Resources");

        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(fixture.LoginToken, cookie.Value);

        // The printed link works on any page and leaves the token out of the address bar.
        var other = await fixture.NewPageAsync();
        await other.GotoAsync($"/traces?t={fixture.LoginToken}");
        await Expect(other).ToHaveURLAsync(new Regex("/traces$"));
    }

    [Fact]
    public async Task Every_page_loads_and_shows_the_running_platform()
    {
        using var gateway = await GatewayAsync(Therapist);
        await CreateNoteThroughGatewayAsync(gateway);
        var page = await fixture.SignedInPageAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/resources$"));
        foreach (var name in Resources)
        {
            var row = page.Locator($"#resources tr[data-resource='{name}']");
            await Expect(row.Locator(".state")).ToHaveTextAsync("healthy");
        }

        await Expect(page.Locator("#resources tr[data-resource='gateway']")).ToContainTextAsync($"http://localhost:{fixture.AppHost.GatewayPort}");
        await Expect(page.Locator("#resources tr[data-resource='clinicalnotes'] .health")).ToHaveTextAsync("healthy");
        await Expect(page.Locator("#resources tr[data-resource='postgres']")).Not.ToContainTextAsync("Password");

        await page.ClickAsync("header a:text('Console')");
        await page.ClickAsync("nav.tabs a:text-is('credentials')");
        await Expect(page.Locator("#console")).ToContainTextAsync("Now listening on", Live);

        await page.ClickAsync("header a:text('Structured logs')");
        await page.SelectOptionAsync("select[name=resource]", "clinicalnotes");
        await page.ClickAsync("form.filters button[type=submit]");
        await Expect(page.Locator("#logs > tbody")).ToContainTextAsync("Draft note", Live);

        await page.ClickAsync("header a:text('Traces')");
        await Expect(page.Locator("#traces > tbody")).ToContainTextAsync("gateway: POST /api/notes", Live);

        await page.ClickAsync("header a:text('Metrics')");
        await Expect(page.Locator("#requests tr[data-resource='clinicalnotes']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#requests tr[data-resource='gateway'] .rate")).Not.ToHaveTextAsync("0.00", new() { Timeout = 30_000 });
        await Expect(page.Locator("#instruments")).ToContainTextAsync("http.server.request.duration", Live);
    }

    [Fact]
    public async Task Console_logs_are_live()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/console/clinicalnotes");
        await Expect(page.Locator("#console")).ToContainTextAsync("Now listening on", Live);

        using var gateway = await GatewayAsync(Therapist);
        var noteId = await CreateNoteThroughGatewayAsync(gateway);

        // No reload: the page appends what the service writes.
        await Expect(page.Locator("#console")).ToContainTextAsync($"Draft note {noteId} created", Live);
    }

    [Fact]
    public async Task A_service_stopped_from_the_dashboard_is_down_and_comes_back_when_started()
    {
        using var gateway = await GatewayAsync(Admin);
        var before = fixture.AppHost.ReadRunState().Resources.Single(r => r.Name == "credentials");
        var page = await fixture.SignedInPageAsync();
        var row = page.Locator("#resources tr[data-resource='credentials']");
        await Expect(row.Locator(".restarts")).ToHaveTextAsync("0");

        await row.Locator("button:text('Stop')").ClickAsync();

        await Expect(row.Locator(".state")).ToHaveTextAsync("stopped");
        await Expect(row.Locator(".health")).ToHaveTextAsync("down");
        Assert.False(AppHostProcess.IsAlive(before.Pid), "the stopped service's process is gone");
        Assert.DoesNotContain(fixture.AppHost.ReadRunState().Resources, r => r.Name == "credentials");
        using (var down = await gateway.GetAsync("/api/practitioners"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }

        Assert.DoesNotContain("credentials exited unexpectedly", fixture.AppHost.Output);

        await row.Locator("button:text('Start')").ClickAsync();

        await Expect(row.Locator(".state")).ToHaveTextAsync("healthy", new() { Timeout = 90_000 });
        await Expect(row.Locator(".restarts")).ToHaveTextAsync("1");
        await Expect(row.Locator("button")).ToHaveTextAsync("Stop");
        var after = fixture.AppHost.ReadRunState().Resources.Single(r => r.Name == "credentials");
        Assert.NotEqual(before.Pid, after.Pid);
        Assert.True(AppHostProcess.IsAlive(after.Pid));
        using var up = await gateway.GetAsync("/api/practitioners");
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    /// <summary>
    /// A booking made through the gateway the way a front desk makes one: a location with a room, a practitioner
    /// licensed and verified in its jurisdiction (Credentials), a client with consent (Clients), a physician's
    /// prescription accepted for that client (Referrals), a shift (Scheduling), then POST /api/appointments on the
    /// referral, so the booking passes every gate. Everything but the booking itself is set up first, so the newest
    /// booking trace is it.
    /// </summary>
    private async Task<(string Id, object Body)> BookThroughGatewayAsync(HttpClient gateway)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var location = await CreatedAsync(gateway, "/api/locations", new
        {
            name = "Trace clinic " + Letters(),
            timeZone = "America/New_York",
            jurisdiction = "US-NY",
            address = new { line1 = "1 Main Street", city = "New York", postalCode = "10001" },
            openingHours = Enum.GetValues<DayOfWeek>().Select(d => new { dayOfWeek = d.ToString().ToLowerInvariant(), opens = "07:00", closes = "21:00" }),
        });
        await CreatedAsync(gateway, $"/api/locations/{location}/rooms", new { name = "Room 1" });
        var practitioner = await CreatedAsync(gateway, "/api/practitioners", new { firstName = "Ana", lastName = "Trace" + Letters(), email = $"{Guid.NewGuid():N}@clinic.example" });
        var license = await CreatedAsync(gateway, $"/api/practitioners/{practitioner}/licenses", new
        {
            jurisdiction = "US-NY",
            licenseNumber = "NY-" + Guid.NewGuid().ToString("N")[..8],
            licenseType = "LMT",
            issuingBoard = "New York State Board for Massage Therapy",
            issuedOn = today.AddYears(-1),
            expiresOn = today.AddYears(2),
        });
        await CreatedAsync(gateway, $"/api/practitioners/{practitioner}/licenses/{license}/verifications", new
        {
            source = "NYSED license lookup (primary source)", verifiedOn = today.AddDays(-1), outcome = "verified", notes = "Checked online",
        });
        var client = await CreatedAsync(gateway, "/api/clients", new { firstName = "Ben", lastName = "Trace" + Letters(), dateOfBirth = "1984-07-12", homeLocationId = location });
        await CreatedAsync(gateway, $"/api/clients/{client}/consents", new { type = "treatment", signedAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:sszzz") });
        var referral = await AcceptedReferralAsync(gateway, client, today);
        var day = today.AddDays(3);
        await CreatedAsync(gateway, "/api/shifts", new { practitionerId = practitioner, locationId = location, date = day, start = "08:00", end = "18:00" });
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var local = day.ToDateTime(new TimeOnly(10, 0));
        var start = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        var booking = new { clientId = client, practitionerId = practitioner, locationId = location, start, durationMinutes = 60, service = "treatment-60", referralId = referral };
        return (await CreatedAsync(gateway, "/api/appointments", booking), booking);
    }

    /// <summary>A registered physician's prescription for the client (2x/week, 6 weeks), accepted for the client: visits can be held on it.</summary>
    private static async Task<string> AcceptedReferralAsync(HttpClient gateway, string client, DateOnly today)
    {
        var physician = await CreatedAsync(gateway, "/api/physicians", new
        {
            npi = RandomNpi(), firstName = "Paul", lastName = "Trace" + Letters(), credential = "MD",
            practiceName = "Midtown Spine Care", phone = "(212) 555-0134", fax = "(212) 555-0135",
        });
        var prescription = new
        {
            physicianId = physician,
            clientId = client,
            diagnoses = new[] { "M54.50" },
            cptCodes = new[] { "97140" },
            bodyRegions = new[] { "lower-back" },
            frequencyPerWeek = 2,
            durationWeeks = 6,
            authorizedVisits = 12,
            sessionMinutes = 60,
            startDate = today,
            expiresOn = today.AddDays(90),
            attestation = new { signedBy = "Paul Trace, MD", signedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm:sszzz") },
        };
        var referral = await CreatedAsync(gateway, "/api/referrals", prescription, Guid.NewGuid().ToString());
        using var accepted = await gateway.SendRetryingUnavailableAsync(() => Post($"/api/referrals/{referral}/accept", new { clientId = client }));
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"POST /api/referrals/{referral}/accept: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        return referral;
    }

    /// <summary>A valid NPI, different each call: nine random digits and the Luhn check digit over 80840 and them.</summary>
    private static string RandomNpi()
    {
        var body = "1" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var digits = ("80840" + body).Select(c => c - '0').Reverse().ToArray();
        var sum = digits.Select((d, i) => i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d).Sum();
        return body + (10 - sum % 10) % 10;
    }

    /// <summary>POSTs (again after a 503: <see cref="GatewayRetry"/>) and returns the id of what was created.</summary>
    private static async Task<string> CreatedAsync(HttpClient gateway, string path, object body, string? idempotencyKey = null)
    {
        using var response = await gateway.SendRetryingUnavailableAsync(() =>
        {
            var request = Post(path, body);
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    /// <summary>Signs in, filters the traces by resource and route, waits for the newest to show a text, and opens it.</summary>
    private async Task<IPage> OpenNewestTraceAsync(string resource, string route, string expected)
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/traces");
        await page.SelectOptionAsync("select[name=resource]", resource);
        await page.FillAsync("input[name=route]", route);
        await page.ClickAsync("form.filters button[type=submit]");
        var newest = page.Locator("#traces > tbody tr").First;
        await Expect(newest).ToContainTextAsync(expected, Live);
        await newest.Locator("a").First.ClickAsync();
        return page;
    }

    /// <summary>Letters only (names refuse digits), different each call.</summary>
    private static string Letters() => new(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());

    [Fact]
    public async Task A_booking_on_a_referral_is_one_trace_across_gateway_scheduling_credentials_clients_and_referrals_down_to_its_SQL()
    {
        using var gateway = await GatewayAsync(Admin);
        await BookThroughGatewayAsync(gateway);
        var page = await OpenNewestTraceAsync("scheduling", "/api/appointments", "gateway: POST /api/appointments");
        await Expect(page.Locator("#trace-summary")).ToContainTextAsync("gateway → scheduling");

        var waterfall = page.Locator("#waterfall");
        await Expect(waterfall.Locator("tr[data-resource='gateway'][data-kind='server']")).ToHaveCountAsync(1);
        await Expect(waterfall.Locator("tr[data-resource='gateway'][data-kind='client']")).ToHaveCountAsync(1);
        await Expect(waterfall.Locator("tr[data-resource='scheduling'][data-kind='server']")).ToHaveCountAsync(1);
        await Expect(waterfall.Locator("tr[data-resource='scheduling'][data-db='postgresql']").Filter(new() { HasText = "INSERT INTO" }).First)
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        // Every gate, over gRPC inside the same trace: Credentials (eligibility), Clients (booking profile) and
        // Referrals (the visit hold and its confirmation), the last writing to its own database.
        foreach (var gate in new[] { "credentials", "clients", "referrals" })
        {
            await Expect(waterfall.Locator($"tr[data-resource='{gate}'][data-kind='server']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }

        await Expect(waterfall.Locator("tr[data-resource='referrals'][data-db='postgresql']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Its logs are one click away: the structured logs page, filtered to this trace.
        var traceId = await page.Locator("#trace-id").TextContentAsync();
        await page.ClickAsync("#trace-logs");
        await Expect(page).ToHaveURLAsync(new Regex($"/logs\\?trace={traceId}$"));
        await Expect(page.Locator("input[name=trace]")).ToHaveValueAsync(traceId!);
    }

    [Fact]
    public async Task Bookings_and_refusals_by_status_appear_on_the_metrics_page()
    {
        using var gateway = await GatewayAsync(Admin);
        var (_, booking) = await BookThroughGatewayAsync(gateway);
        using (var again = await gateway.PostAsJsonAsync("/api/appointments", booking))
        {
            // The same client, practitioner and hour again: refused as a double booking.
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/metrics");
        var scheduling = page.Locator("#bookings tr[data-resource='scheduling']");
        await Expect(scheduling.Locator(".booked-total")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"), new() { Timeout = 30_000 });
        await Expect(scheduling.Locator(".refusal[data-status='409']")).ToContainTextAsync("409 double booking", Live);
        await Expect(page.Locator("#outbox")).ToBeVisibleAsync();
    }

    /// <summary>
    /// A request that writes a log line: gateway → clinical notes (REST) → PostgreSQL; its logs are one click
    /// away from its trace, and each log links back to it.
    /// </summary>
    [Fact]
    public async Task A_traces_logs_are_one_click_away_and_each_log_links_back_to_its_trace()
    {
        using var gateway = await GatewayAsync(Therapist);
        var noteId = await CreateNoteThroughGatewayAsync(gateway);
        var page = await OpenNewestTraceAsync("clinicalnotes", "/api/notes", "gateway → clinicalnotes");

        var waterfall = page.Locator("#waterfall");
        await Expect(waterfall.Locator("tr[data-resource='clinicalnotes'][data-kind='server']")).ToHaveCountAsync(1);
        await Expect(waterfall.Locator("tr[data-resource='clinicalnotes'][data-db='postgresql']").First).ToContainTextAsync("INSERT INTO", Live);

        await page.ClickAsync("#trace-logs");
        await Expect(page.Locator("#logs > tbody")).ToContainTextAsync($"Draft note {noteId} created", Live);
        await Expect(page.Locator("#logs > tbody > tr").First.Locator("td").Nth(1)).ToHaveTextAsync("clinicalnotes");

        // And back: the log links to its trace.
        await page.Locator("#logs a.trace-link").First.ClickAsync();
        await Expect(page.Locator("#waterfall")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Untrusted_text_from_a_resource_is_shown_as_text_not_run_as_markup()
    {
        const string hostile = "<img src=x onerror=\"window.__pwned=1\">";
        using var gateway = await GatewayAsync(Admin);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/practitioners?search=markup-check"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", hostile);
            using var _ = await gateway.SendAsync(request);
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/traces?resource=credentials&route=/api/practitioners");
        var trace = page.Locator("#traces > tbody tr").First;
        await Expect(trace).ToContainTextAsync("gateway", Live);
        await trace.Locator("a").First.ClickAsync();
        var server = page.Locator("#waterfall tr[data-resource='gateway'][data-kind='server']");
        await server.Locator("summary").ClickAsync();

        await Expect(server).ToContainTextAsync(hostile);
        Assert.Equal(0, await page.Locator("#waterfall img").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
    }
}
