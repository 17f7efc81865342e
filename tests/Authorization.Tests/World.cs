using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Authorization.Tests;

/// <summary>
/// The small fixed world the matrix acts on, built once through the gateway as an administrator: locations A and B
/// (a room each, every day's shifts for the next weeks), the therapist account's practitioner (works at A) and a
/// practitioner at B, clients at A and at B, physicians P1 and P2 with a referral each, an appointment at A and at B,
/// and at A a signed note (drafts are made fresh per call). Writes that change a row's state (an update with If-Match, a status change, a
/// note to sign) get a fresh row per call from the <c>Fresh…</c> methods, so every allowed caller meets the state the
/// route needs and no call depends on another.
/// </summary>
public sealed class World
{
    public const string Zone = "America/New_York";
    public const string Jurisdiction = "US-NY";

    /// <summary>Appointments are 30 minutes; shifts run 07:00-21:00, so a day holds 28 of them per location.</summary>
    private const int SlotsPerDay = 28;

    private readonly PlatformHosts _hosts;
    private readonly HttpClient _admin;
    private int _unique;
    private readonly int[] _slots = new int[2];
    private int _shiftDays;

    private World(PlatformHosts hosts)
    {
        _hosts = hosts;
        _admin = hosts.As(Caller.Admin);
    }

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The first day with shifts: far enough ahead that "today" in New York and in UTC never matter.</summary>
    public static DateOnly FirstDay => Today.AddDays(2);

    public Guid LocationA { get; private set; }
    public Guid LocationB { get; private set; }
    public Guid RoomA { get; private set; }
    public Guid RoomB { get; private set; }

    /// <summary>The therapist account's practitioner record; works at A.</summary>
    public Guid TherapistPractitioner { get; private set; }
    public Guid PractitionerB { get; private set; }

    /// <summary>A practitioner nobody books, whose record and licences the credential writes change.</summary>
    public Guid PractitionerX { get; private set; }
    public Guid LicenseX { get; private set; }

    public Guid PhysicianP1 { get; private set; }
    public Guid PhysicianP2 { get; private set; }
    public Guid ClientA { get; private set; }
    public Guid ClientB { get; private set; }
    public Guid ReferralP1 { get; private set; }
    public Guid ReferralP2 { get; private set; }
    public Guid AppointmentA { get; private set; }
    public Guid AppointmentB { get; private set; }
    public Guid ShiftA { get; private set; }
    public Guid ShiftB { get; private set; }
    public Guid SignedNoteA { get; private set; }

    public Guid Location(Site site) => site == Site.A ? LocationA : LocationB;
    public Guid Client(Site site) => site == Site.A ? ClientA : ClientB;
    public Guid Appointment(Site site) => site == Site.A ? AppointmentA : AppointmentB;
    public Guid Practitioner(Site site) => site == Site.A ? TherapistPractitioner : PractitionerB;
    public Guid Room(Site site) => site == Site.A ? RoomA : RoomB;
    public Guid Shift(Site site) => site == Site.A ? ShiftA : ShiftB;

    public static async Task<World> BuildAsync(PlatformHosts hosts)
    {
        var world = new World(hosts);
        await world.BuildAsync();
        return world;
    }

    private async Task BuildAsync()
    {
        (LocationA, RoomA) = await LocationAsync("A");
        (LocationB, RoomB) = await LocationAsync("B");
        TherapistPractitioner = await EligiblePractitionerAsync();
        PractitionerB = await EligiblePractitionerAsync();
        (PractitionerX, _) = await FreshPractitionerAsync();
        LicenseX = await FreshLicenseAsync();
        PhysicianP1 = await PhysicianAsync();
        PhysicianP2 = await PhysicianAsync();

        await _hosts.SignInEveryoneAsync(new Dictionary<Caller, TestAccount>
        {
            [Caller.FrontDesk] = new(Caller.FrontDesk.UserName, Caller.FrontDesk.Role!, [LocationA]),
            [Caller.Therapist] = new(Caller.Therapist.UserName, Caller.Therapist.Role!, [LocationA], PractitionerId: TherapistPractitioner),
            [Caller.Manager] = new(Caller.Manager.UserName, Caller.Manager.Role!, [LocationA]),
            [Caller.PhysicianP1] = new(Caller.PhysicianP1.UserName, Caller.PhysicianP1.Role!, PhysicianId: PhysicianP1),
            [Caller.HqAuditor] = new(Caller.HqAuditor.UserName, Caller.HqAuditor.Role!),
            [Caller.Admin] = new(Caller.Admin.UserName, Caller.Admin.Role!),
            [Caller.ManagerB] = new(Caller.ManagerB.UserName, Caller.ManagerB.Role!, [LocationB]),
            [Caller.PhysicianP2] = new(Caller.PhysicianP2.UserName, Caller.PhysicianP2.Role!, PhysicianId: PhysicianP2),
        });

        await WeeklyShiftsAsync(TherapistPractitioner, LocationA);
        await WeeklyShiftsAsync(PractitionerB, LocationB);
        ShiftA = Id(await SendAsync(HttpMethod.Post, "/api/shifts", ShiftBody(Site.A), HttpStatusCode.Created));
        ShiftB = Id(await SendAsync(HttpMethod.Post, "/api/shifts", ShiftBody(Site.B), HttpStatusCode.Created));
        ClientA = (await FreshClientAsync(Site.A)).Id;
        ClientB = (await FreshClientAsync(Site.B)).Id;
        ReferralP1 = await FreshReferralAsync(PhysicianP1, accepted: true);
        ReferralP2 = await FreshReferralAsync(PhysicianP2, accepted: true);
        AppointmentA = await BookAsync(Site.A);
        AppointmentB = await BookAsync(Site.B);
        SignedNoteA = await SignedNoteAsync();
    }

    /// <summary>Unique per call: letters only (names accept no digits).</summary>
    public string Tag()
    {
        var n = Interlocked.Increment(ref _unique);
        var letters = "bcdfghjklmnpqrstvwxz";
        var tag = new char[6];
        for (var i = tag.Length - 1; i >= 0; i--, n /= letters.Length) tag[i] = letters[n % letters.Length];
        return new string(tag);
    }

    public int Number() => Interlocked.Increment(ref _unique);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ---- Scheduling ----

    private async Task<(Guid Location, Guid Room)> LocationAsync(string name)
    {
        var location = await SendAsync(HttpMethod.Post, "/api/locations", LocationBody(name), HttpStatusCode.Created);
        var id = Id(location);
        var room = await SendAsync(HttpMethod.Post, $"/api/locations/{id}/rooms", new JsonObject { ["name"] = "Room 1" }, HttpStatusCode.Created);
        return (id, Id(room));
    }

    public JsonObject LocationBody(string? name = null) => new()
    {
        ["name"] = $"Clinic {name ?? Tag()}",
        ["timeZone"] = Zone,
        ["jurisdiction"] = Jurisdiction,
        ["address"] = new JsonObject { ["line1"] = "1 Main Street", ["city"] = "Springfield", ["postalCode"] = "10001" },
        ["openingHours"] = new JsonArray(Enum.GetValues<DayOfWeek>()
            .Select(d => (JsonNode)new JsonObject { ["dayOfWeek"] = d.ToString().ToLowerInvariant(), ["opens"] = "07:00", ["closes"] = "21:00" })
            .ToArray()),
    };

    private Task WeeklyShiftsAsync(Guid practitioner, Guid location) =>
        SendAsync(HttpMethod.Post, "/api/shifts/weekly", WeeklyShiftsBody(practitioner, location, FirstDay, FirstDay.AddDays(27)), HttpStatusCode.Created);

    public static JsonObject WeeklyShiftsBody(Guid practitioner, Guid location, DateOnly from, DateOnly to) => new()
    {
        ["practitionerId"] = practitioner.ToString(),
        ["locationId"] = location.ToString(),
        ["fromDate"] = Iso(from),
        ["toDate"] = Iso(to),
        ["days"] = new JsonArray(Enum.GetValues<DayOfWeek>()
            .Select(d => (JsonNode)new JsonObject { ["dayOfWeek"] = d.ToString().ToLowerInvariant(), ["start"] = "07:00", ["end"] = "21:00" })
            .ToArray()),
    };

    /// <summary>
    /// A day for a new shift of <see cref="PractitionerX"/> that no other shift of this run takes (a practitioner's shifts
    /// never overlap, at any location): after the weeks the bookable shifts cover, within the booking window.
    /// </summary>
    private DateOnly NextShiftDay() => FirstDay.AddDays(30 + Interlocked.Increment(ref _shiftDays));

    public JsonObject ShiftBody(Site site) => new()
    {
        ["practitionerId"] = PractitionerX.ToString(),
        ["locationId"] = Location(site).ToString(),
        ["date"] = Iso(NextShiftDay()),
        ["start"] = "08:00",
        ["end"] = "12:00",
    };

    public JsonObject WeeklyShiftBody(Site site)
    {
        var day = NextShiftDay();
        var body = WeeklyShiftsBody(PractitionerX, Location(site), day, day);
        body["days"] = new JsonArray(new JsonObject { ["dayOfWeek"] = day.DayOfWeek.ToString().ToLowerInvariant(), ["start"] = "08:00", ["end"] = "12:00" });
        return body;
    }

    /// <summary>A 30-minute slot at the site's location that no other booking of this run takes.</summary>
    public DateTimeOffset NextSlot(Site site)
    {
        var n = Interlocked.Increment(ref _slots[(int)site]) - 1;
        var local = FirstDay.AddDays(n / SlotsPerDay).ToDateTime(new TimeOnly(7, 0)).AddMinutes(30 * (n % SlotsPerDay));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public JsonObject BookingBody(Site site) => new()
    {
        ["clientId"] = Client(site).ToString(),
        ["practitionerId"] = Practitioner(site).ToString(),
        ["locationId"] = Location(site).ToString(),
        ["roomId"] = Room(site).ToString(),
        ["start"] = NextSlot(site).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        ["durationMinutes"] = 30,
        ["service"] = "treatment-30",
    };

    /// <summary>A series of one: the same booking, repeated on its own weekday once.</summary>
    public JsonObject SeriesBody(Site site)
    {
        var body = BookingBody(site);
        body["count"] = 1;
        body["daysOfWeek"] = new JsonArray(DateTimeOffset.Parse(body["start"]!.GetValue<string>(), CultureInfo.InvariantCulture).DayOfWeek.ToString().ToLowerInvariant());
        return body;
    }

    /// <summary>A booked appointment at the site (its practitioner: the therapist account at A, <see cref="PractitionerB"/> at B).</summary>
    public async Task<Guid> BookAsync(Site site) =>
        Id(await SendAsync(HttpMethod.Post, "/api/appointments", BookingBody(site), HttpStatusCode.Created));

    /// <summary>A fresh appointment at the site, checked in by the administrator (a visit that took place).</summary>
    public async Task<Guid> CheckedInAsync(Site site)
    {
        var id = await BookAsync(site);
        await SendAsync(HttpMethod.Post, $"/api/appointments/{id}/check-in", null, HttpStatusCode.OK);
        return id;
    }

    /// <summary>
    /// A fresh appointment whose start has passed, so a no-show can be recorded: booked, then moved 60 days back in the
    /// scheduling database (bookings in the past are refused, rightly; nothing else of this run lives there).
    /// </summary>
    public async Task<Guid> PastAppointmentAsync(Site site)
    {
        var id = await BookAsync(site);
        await _hosts.Scheduling.ExecuteAsync(
            "UPDATE appointments SET starts_at = starts_at - interval '60 days', ends_at = ends_at - interval '60 days' WHERE id = $1", id);
        return id;
    }

    // ---- Credentials ----

    public JsonObject PractitionerBody() => new()
    {
        ["firstName"] = "Ana",
        ["lastName"] = "Rivera" + Tag(),
        ["email"] = $"{Guid.NewGuid():N}@clinic.example",
    };

    public async Task<(Guid Id, string ETag)> FreshPractitionerAsync()
    {
        using var response = await _admin.PostJsonAsync("/api/practitioners", PractitionerBody());
        var body = await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created);
        return (Id(body), response.Headers.ETag!.ToString());
    }

    public JsonObject LicenseBody() => new()
    {
        ["jurisdiction"] = Jurisdiction,
        ["licenseNumber"] = "MA" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999),
        ["licenseType"] = "LMT",
        ["issuingBoard"] = "State Board of Massage Therapy",
        ["issuedOn"] = Iso(Today.AddYears(-2)),
        ["expiresOn"] = Iso(Today.AddYears(1)),
    };

    /// <summary>A new licence of <see cref="PractitionerX"/> (active, unverified).</summary>
    public async Task<Guid> FreshLicenseAsync() =>
        Id(await SendAsync(HttpMethod.Post, $"/api/practitioners/{PractitionerX}/licenses", LicenseBody(), HttpStatusCode.Created));

    public static JsonObject VerificationBody() => new()
    {
        ["source"] = "State licence lookup (primary source)",
        ["verifiedOn"] = Iso(Today.AddDays(-1)),
        ["outcome"] = "verified",
        ["notes"] = "Checked online",
    };

    /// <summary>A certification nobody recorded yet: the same code and issue date twice is a 409.</summary>
    public JsonObject CertificationBody() => new()
    {
        ["code"] = "NCBTMB",
        ["issuedOn"] = Iso(Today.AddDays(-1 - Number())),
        ["expiresOn"] = null,
    };

    private async Task<Guid> EligiblePractitionerAsync()
    {
        var (practitioner, _) = await FreshPractitionerAsync();
        var license = Id(await SendAsync(HttpMethod.Post, $"/api/practitioners/{practitioner}/licenses", LicenseBody(), HttpStatusCode.Created));
        await SendAsync(HttpMethod.Post, $"/api/practitioners/{practitioner}/licenses/{license}/verifications", VerificationBody(), HttpStatusCode.Created);
        return practitioner;
    }

    // ---- Clients ----

    public JsonObject ClientBody(Site site) => new()
    {
        ["firstName"] = "Ana" + Tag(),
        ["lastName"] = "Lima" + Tag(),
        ["dateOfBirth"] = "1984-07-12",
        ["homeLocationId"] = Location(site).ToString(),
    };

    public static JsonObject ConsentBody() => new() { ["type"] = "treatment", ["signedAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O") };

    public static JsonObject HealthHistoryBody() => new()
    {
        ["conditions"] = new JsonArray("chronic low back pain"),
        ["medications"] = new JsonArray("ibuprofen 400 mg as needed"),
        ["contraindications"] = new JsonArray(),
    };

    /// <summary>A client whose home is the site's location, with treatment consent, and the ETag to change it with.</summary>
    public async Task<(Guid Id, string ETag)> FreshClientAsync(Site site)
    {
        using var response = await _admin.PostJsonAsync("/api/clients", ClientBody(site));
        var id = Id(await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created));
        await SendAsync(HttpMethod.Post, $"/api/clients/{id}/consents", ConsentBody(), HttpStatusCode.Created);
        using var read = await _admin.GetAsync($"/api/clients/{id}");
        await read.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
        return (id, read.Headers.ETag!.ToString());
    }

    // ---- Referrals ----

    public JsonObject PhysicianBody() => new()
    {
        ["npi"] = NewNpi(),
        ["firstName"] = "Maya",
        ["lastName"] = "Okafor",
        ["credential"] = "MD",
        ["practiceName"] = "Bayside Orthopedics",
        ["phone"] = "(305) 555-0142",
        ["fax"] = "305.555.0143",
    };

    private async Task<Guid> PhysicianAsync() => Id(await SendAsync(HttpMethod.Post, "/api/physicians", PhysicianBody(), HttpStatusCode.Created));

    /// <summary>A valid NPI nobody else in the run has: nine digits and their Luhn check digit (over 80840 + the nine).</summary>
    public string NewNpi()
    {
        var prefix = (100_000_000 + RandomNumberGenerator.GetInt32(0, 899_999_999)).ToString(CultureInfo.InvariantCulture);
        return prefix + LuhnCheckDigit("80840" + prefix);
    }

    private static int LuhnCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }

        return (10 - sum % 10) % 10;
    }

    public JsonObject ReferralBody(Guid physician) => new()
    {
        ["physicianId"] = physician.ToString(),
        ["clientId"] = ClientA.ToString(),
        ["diagnoses"] = new JsonArray("M54.50"),
        ["cptCodes"] = new JsonArray("97124"),
        ["bodyRegions"] = new JsonArray("lower-back"),
        ["frequencyPerWeek"] = 2,
        ["durationWeeks"] = 6,
        ["authorizedVisits"] = 12,
        ["sessionMinutes"] = 60,
        ["precautions"] = "No deep pressure over the lumbar spine.",
        ["startDate"] = Iso(Today.AddDays(-1)),
        ["expiresOn"] = Iso(Today.AddDays(60)),
        ["attestation"] = new JsonObject { ["signedBy"] = "Maya Okafor, MD", ["signedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") },
    };

    /// <summary>A referral of the physician for <see cref="ClientA"/>: submitted, or accepted (active).</summary>
    public async Task<Guid> FreshReferralAsync(Guid physician, bool accepted)
    {
        var id = Id(await SendAsync(HttpMethod.Post, "/api/referrals", ReferralBody(physician), HttpStatusCode.Created, idempotencyKey: true));
        if (accepted)
        {
            await SendAsync(HttpMethod.Post, $"/api/referrals/{id}/accept", new JsonObject { ["clientId"] = ClientA.ToString() }, HttpStatusCode.OK);
        }

        return id;
    }

    // ---- Clinical notes ----

    /// <summary>A complete treatment note for the appointment (at <paramref name="site"/>, so of that site's client).</summary>
    public JsonObject NoteBody(Guid appointment, Site site) => new()
    {
        ["appointmentId"] = appointment.ToString(),
        ["clientId"] = Client(site).ToString(),
        ["kind"] = "treatment",
        ["subjective"] = new JsonObject { ["chiefComplaint"] = "low back stiffness", ["painBefore"] = 6 },
        ["objective"] = new JsonObject
        {
            ["posture"] = "anterior pelvic tilt",
            ["rangeOfMotion"] = new JsonArray(new JsonObject { ["joint"] = "lumbar-spine", ["movement"] = "flexion", ["degrees"] = 45 }),
            ["palpation"] = "hypertonic erector spinae",
        },
        ["assessment"] = "mechanical low back pain, improving",
        ["plan"] = new JsonObject
        {
            ["techniques"] = new JsonArray("swedish"),
            ["bodyRegions"] = new JsonArray("lower-back"),
            ["homeCare"] = "heat 15 minutes",
        },
        ["painAfter"] = 3,
        ["outcomeMeasures"] = new JsonArray(new JsonObject { ["instrument"] = "ODI", ["score"] = 40 }),
    };

    /// <summary>A draft note by the therapist account for a fresh (checked-in) appointment of theirs at A, and its ETag.</summary>
    public async Task<(Guid Id, string ETag, Guid Appointment)> DraftNoteAsync()
    {
        var appointment = await CheckedInAsync(Site.A);
        using var response = await _hosts.As(Caller.Therapist).PostJsonAsync("/api/notes", NoteBody(appointment, Site.A));
        var id = Id(await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created));
        return (id, response.Headers.ETag!.ToString(), appointment);
    }

    public async Task<Guid> SignedNoteAsync()
    {
        var (id, _, _) = await DraftNoteAsync();
        using var response = await _hosts.As(Caller.Therapist).PostAsync($"/api/notes/{id}/sign", null);
        await response.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
        return id;
    }

    // ---- plumbing ----

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, HttpStatusCode expected, bool idempotencyKey = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey) request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await _admin.SendAsync(request);
        return await response.ShouldBeAsync<JsonObject>(expected);
    }

    public static Guid Id(JsonObject body) => Guid.Parse(body["id"]!.GetValue<string>());
}
