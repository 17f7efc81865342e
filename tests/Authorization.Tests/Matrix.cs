using System.Net;
using System.Text.Json.Nodes;
using static Authorization.Tests.Target;
using static Platform.ServiceDefaults.Security.Roles;

namespace Authorization.Tests;

/// <summary>
/// docs/AUTHORIZATION.md as rows: every route of API.md (and every other REST route the services serve behind the
/// gateway), on the rows that make its scope visible. Read it next to the contract's tables, section by section.
/// </summary>
public static class Matrix
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Created = HttpStatusCode.Created;

    private static readonly string[] StaffHqAdmin = [FrontDesk, Therapist, Manager, HqAuditor, Admin];
    private static readonly string[] ManagerAdmin = [Manager, Admin];
    private static readonly string[] HqAdmin = [HqAuditor, Admin];
    private static readonly string[] ClientWriters = [FrontDesk, Manager, Admin];
    private static readonly string[] ClientReaders = [FrontDesk, Therapist, Manager, Admin];
    private static readonly string[] ReferralReaders = [FrontDesk, Therapist, Manager, Admin, Physician];

    private static Row Get(string route, Target target, string[] allowed, Scope scope, Func<World, string> path) =>
        new("GET", route, target, allowed, Ok, scope, w => Task.FromResult(new Call(path(w))));

    private static Row Post(string route, Target target, string[] allowed, HttpStatusCode success, Scope scope, Func<World, Task<Call>> call) =>
        new("POST", route, target, allowed, success, scope, call);

    private static Row Put(string route, Target target, string[] allowed, Scope scope, Func<World, Task<Call>> call) =>
        new("PUT", route, target, allowed, Ok, scope, call);

    private static Task<Call> Send(string path, JsonNode? body = null) => Task.FromResult(new Call(path, body));

    private static Site SiteOf(Target target) => target == B ? Site.B : Site.A;

    private static Guid ReferralOf(World w, Target target) => target == P2 ? w.ReferralP2 : w.ReferralP1;

    public static readonly IReadOnlyList<Row> Rows = [.. Credentials(), .. Clients(), .. Referrals(), .. Scheduling(), .. ClinicalNotes()];

    public static Row Named(string name) => Rows.Single(r => r.Name == name);

    // ---- Credentials: licensing belongs to HQ; managers onboard therapists. No row scope. ----

    private static IEnumerable<Row> Credentials()
    {
        yield return Post("/api/practitioners", None, ManagerAdmin, Created, Scope.None, w => Send("/api/practitioners", w.PractitionerBody()));
        yield return Get("/api/practitioners", None, StaffHqAdmin, Scope.None, _ => "/api/practitioners?search=Rivera");
        yield return Get("/api/practitioners/{id}", None, StaffHqAdmin, Scope.None, w => $"/api/practitioners/{w.TherapistPractitioner}");
        yield return Put("/api/practitioners/{id}", None, ManagerAdmin, Scope.None, async w =>
        {
            var (id, etag) = await w.FreshPractitionerAsync();
            return new Call($"/api/practitioners/{id}", w.PractitionerBody(), IfMatch: etag);
        });
        yield return Post("/api/practitioners/{id}/licenses", None, ManagerAdmin, Created, Scope.None,
            w => Send($"/api/practitioners/{w.PractitionerX}/licenses", w.LicenseBody()));
        // Not in the contract's table: reading one licence is reading the practitioner (same policy).
        yield return Get("/api/practitioners/{id}/licenses/{licenseId}", None, StaffHqAdmin, Scope.None,
            w => $"/api/practitioners/{w.PractitionerX}/licenses/{w.LicenseX}");
        yield return Post("/api/practitioners/{id}/licenses/{licenseId}/verifications", None, HqAdmin, Created, Scope.None,
            w => Send($"/api/practitioners/{w.PractitionerX}/licenses/{w.LicenseX}/verifications", World.VerificationBody()));
        yield return Post("/api/practitioners/{id}/licenses/{licenseId}/status", None, HqAdmin, Ok, Scope.None, async w =>
            new Call($"/api/practitioners/{w.PractitionerX}/licenses/{await w.FreshLicenseAsync()}/status",
                new JsonObject { ["status"] = "suspended", ["reason"] = "Board order 2026-114" }));
        yield return Post("/api/practitioners/{id}/licenses/{licenseId}/renewal", None, ManagerAdmin, Ok, Scope.None, async w =>
            new Call($"/api/practitioners/{w.PractitionerX}/licenses/{await w.FreshLicenseAsync()}/renewal",
                new JsonObject { ["expiresOn"] = World.Iso(World.Today.AddYears(2)), ["reason"] = "Renewed by the board" }));
        yield return Post("/api/practitioners/{id}/certifications", None, ManagerAdmin, Created, Scope.None,
            w => Send($"/api/practitioners/{w.PractitionerX}/certifications", w.CertificationBody()));
        yield return Get("/api/practitioners/{id}/eligibility", None, StaffHqAdmin, Scope.None,
            w => $"/api/practitioners/{w.TherapistPractitioner}/eligibility?jurisdiction={World.Jurisdiction}&on={World.Iso(World.FirstDay)}");
        yield return Get("/api/credentials/audit/expiring", None, [Manager, HqAuditor, Admin], Scope.None, _ => "/api/credentials/audit/expiring?withinDays=400");
        yield return Get("/api/credentials/audit/unverified", None, [Manager, HqAuditor, Admin], Scope.None, _ => "/api/credentials/audit/unverified");
        // Not in API.md; the contract's "GET /api/credentials/audit/*" covers it.
        yield return Get("/api/credentials/audit/suspended", None, [Manager, HqAuditor, Admin], Scope.None, _ => "/api/credentials/audit/suspended");
        yield return Get("/api/credentials/audit/trail", None, [Manager, HqAuditor, Admin], Scope.None,
            w => $"/api/credentials/audit/trail?practitionerId={w.PractitionerX}");
    }

    // ---- Clients: reads chain-wide; writes at the client's home location. ----

    private static IEnumerable<Row> Clients()
    {
        foreach (var at in (Target[])[A, B])
        {
            var site = SiteOf(at);
            yield return Post("/api/clients", at, ClientWriters, Created, Scope.Location, w => Send("/api/clients", w.ClientBody(site)));
            yield return Get("/api/clients/{id}", at, ClientReaders, Scope.None, w => $"/api/clients/{w.Client(site)}");
            yield return Put("/api/clients/{id}", at, ClientWriters, Scope.Location, async w =>
            {
                var (id, etag) = await w.FreshClientAsync(site);
                return new Call($"/api/clients/{id}", w.ClientBody(site), IfMatch: etag);
            });
            yield return Put("/api/clients/{id}/health-history", at, ClientWriters, Scope.Location, async w =>
            {
                var (id, etag) = await w.FreshClientAsync(site);
                return new Call($"/api/clients/{id}/health-history", World.HealthHistoryBody(), IfMatch: etag);
            });
            yield return Post("/api/clients/{id}/consents", at, ClientWriters, Created, Scope.Location,
                w => Send($"/api/clients/{w.Client(site)}/consents", World.ConsentBody()));
        }

        yield return Get("/api/clients", None, ClientReaders, Scope.None, _ => "/api/clients?search=Ana");
    }

    // ---- Referrals: physicians see and act as themselves only. ----

    private static IEnumerable<Row> Referrals()
    {
        yield return Post("/api/physicians", None, ClientWriters, Created, Scope.None, w => Send("/api/physicians", w.PhysicianBody()));
        yield return Get("/api/physicians/{id}", P1, ReferralReaders, Scope.OwnPhysicianElse404, w => $"/api/physicians/{w.PhysicianP1}");
        yield return new Row("POST", "/api/referrals", P1, [Physician, FrontDesk, Manager, Admin], Created, Scope.OwnPhysicianElse403,
            w => Task.FromResult(new Call("/api/referrals", w.ReferralBody(w.PhysicianP1), IdempotencyKey: true)));
        // A physician's list holds their own referrals only: filtered, not refused.
        yield return Get("/api/referrals", None, ReferralReaders, Scope.None, _ => "/api/referrals");
        foreach (var of in (Target[])[P1, P2])
        {
            yield return Get("/api/referrals/{id}", of, ReferralReaders, Scope.OwnPhysicianElse404, w => $"/api/referrals/{ReferralOf(w, of)}");
            yield return Get("/api/referrals/{id}/progress-report", of, [Therapist, Manager, Admin, Physician], Scope.OwnPhysicianElse404,
                w => $"/api/referrals/{ReferralOf(w, of)}/progress-report");
        }

        yield return Post("/api/referrals/{id}/accept", P1, ClientWriters, Ok, Scope.None, async w =>
            new Call($"/api/referrals/{await w.FreshReferralAsync(w.PhysicianP1, accepted: false)}/accept", new JsonObject { ["clientId"] = w.ClientA.ToString() }));
        yield return Post("/api/referrals/{id}/reject", P1, ClientWriters, Ok, Scope.None, async w =>
            new Call($"/api/referrals/{await w.FreshReferralAsync(w.PhysicianP1, accepted: false)}/reject", new JsonObject { ["reason"] = "Outside our scope of practice" }));
        // Not in the contract's table: a status decision like accept and reject, so the same roles.
        yield return Post("/api/referrals/{id}/complete", P1, ClientWriters, Ok, Scope.None, async w =>
            new Call($"/api/referrals/{await w.FreshReferralAsync(w.PhysicianP1, accepted: true)}/complete", new JsonObject { ["reason"] = "Treatment finished" }));
    }

    // ---- Scheduling: staff work at their own locations; reads of locations and availability are chain-wide. ----

    private static IEnumerable<Row> Scheduling()
    {
        yield return Post("/api/locations", None, [Admin], Created, Scope.None, w => Send("/api/locations", w.LocationBody()));
        yield return Get("/api/locations", None, StaffHqAdmin, Scope.None, _ => "/api/locations");
        // Not in API.md nor the contract: the service lets the readers of availability read shifts, chain-wide.
        yield return Get("/api/shifts", None, ClientReaders, Scope.None, w => $"/api/shifts?practitionerId={w.TherapistPractitioner}");
        // Filtered to the caller's locations, not refused.
        yield return Get("/api/appointments", None, ClientReaders, Scope.None, _ => "/api/appointments");
        // Managers get their own locations' part of the report, HQ all of it: filtered, not refused.
        yield return Get("/api/appointments/at-risk", None, [Manager, HqAuditor, Admin], Scope.None, _ => "/api/appointments/at-risk");
        foreach (var at in (Target[])[A, B])
        {
            var site = SiteOf(at);
            yield return Get("/api/locations/{id}", at, StaffHqAdmin, Scope.None, w => $"/api/locations/{w.Location(site)}");
            yield return Post("/api/locations/{id}/rooms", at, ManagerAdmin, Created, Scope.Location,
                w => Send($"/api/locations/{w.Location(site)}/rooms", new JsonObject { ["name"] = "Room " + w.Tag() }));
            yield return Post("/api/shifts", at, ManagerAdmin, Created, Scope.Location, w => Send("/api/shifts", w.ShiftBody(site)));
            yield return Post("/api/shifts/weekly", at, ManagerAdmin, Created, Scope.Location, w => Send("/api/shifts/weekly", w.WeeklyShiftBody(site)));
            yield return Get("/api/shifts/{id}", at, ClientReaders, Scope.None, w => $"/api/shifts/{w.Shift(site)}");
            yield return Get("/api/availability", at, ClientReaders, Scope.None, w =>
                $"/api/availability?locationId={w.Location(site)}&from={World.Iso(World.FirstDay)}&to={World.Iso(World.FirstDay)}&durationMinutes=30&limit=5");
            yield return Post("/api/appointments", at, ClientWriters, Created, Scope.Location, w => Send("/api/appointments", w.BookingBody(site)));
            yield return Post("/api/appointments/series", at, ClientWriters, Created, Scope.Location,
                w => Send("/api/appointments/series", w.SeriesBody(site)));
            // The list asked for one location: a location the caller does not work at is 403.
            yield return Get("/api/appointments", at, ClientReaders, Scope.Location, w => $"/api/appointments?locationId={w.Location(site)}");
            yield return Get("/api/appointments/{id}", at, ClientReaders, Scope.Location, w => $"/api/appointments/{w.Appointment(site)}");
            yield return Post("/api/appointments/{id}/check-in", at, ClientReaders, Ok, Scope.Location,
                async w => new Call($"/api/appointments/{await w.BookAsync(site)}/check-in"));
            yield return Post("/api/appointments/{id}/no-show", at, ClientReaders, Ok, Scope.Location,
                async w => new Call($"/api/appointments/{await w.PastAppointmentAsync(site)}/no-show"));
            yield return Post("/api/appointments/{id}/cancel", at, ClientReaders, Ok, Scope.Location,
                async w => new Call($"/api/appointments/{await w.BookAsync(site)}/cancel", new JsonObject { ["reason"] = "Client called in sick" }));
            yield return Post("/api/appointments/{id}/complete", at, [Therapist, Manager, Admin], Ok, Scope.Location,
                async w => new Call($"/api/appointments/{await w.CheckedInAsync(site)}/complete"));
        }
    }

    // ---- Clinical notes: bodies only for the treating side of the visit's location. ----

    private static IEnumerable<Row> ClinicalNotes()
    {
        string[] treating = [Therapist, Manager];
        // The appointment is the caller's: at A it is the therapist account's, at B another practitioner's.
        yield return Post("/api/notes", A, [Therapist], Created, Scope.None,
            async w => new Call("/api/notes", w.NoteBody(await w.CheckedInAsync(Site.A), Site.A)));
        yield return Post("/api/notes", B, [Therapist], Created, Scope.None,
            async w => new Call("/api/notes", w.NoteBody(await w.CheckedInAsync(Site.B), Site.B))) with
        {
            Except = new Dictionary<Caller, Outcome> { [Caller.Therapist] = new(HttpStatusCode.Forbidden, "not_your_appointment") },
        };
        // Revising and signing a draft: its author (the therapist account) only.
        yield return Put("/api/notes/{id}", A, [Therapist], Scope.None, async w =>
        {
            var (id, etag, appointment) = await w.DraftNoteAsync();
            return new Call($"/api/notes/{id}", w.NoteBody(appointment, Site.A), IfMatch: etag);
        });
        yield return Post("/api/notes/{id}/sign", A, [Therapist], Ok, Scope.None,
            async w => new Call($"/api/notes/{(await w.DraftNoteAsync()).Id}/sign"));
        yield return Post("/api/notes/{id}/addenda", A, treating, Created, Scope.Location, w => Send($"/api/notes/{w.SignedNoteA}/addenda",
            new JsonObject { ["text"] = "Client reported mild soreness the next day.", ["reason"] = "Late entry" }));
        yield return Get("/api/notes/{id}", A, treating, Scope.Location, w => $"/api/notes/{w.SignedNoteA}");
        // Filtered to the notes of the caller's locations.
        yield return Get("/api/notes", None, treating, Scope.None, w => $"/api/notes?clientId={w.ClientA}");
        yield return Get("/api/notes/{id}/access-log", A, [Therapist, Manager, HqAuditor], Scope.Location, w => $"/api/notes/{w.SignedNoteA}/access-log");
        // A manager verifies the chains of clients with notes at their locations; HQ any (hashes only).
        yield return Get("/api/notes/chain-verification", A, [Manager, HqAuditor], Scope.Location, w => $"/api/notes/chain-verification?clientId={w.ClientA}");
        // Only the notes of the caller's locations count: filtered, not refused.
        yield return Get("/api/clients/{clientId}/outcomes", A, treating, Scope.None, w => $"/api/clients/{w.ClientA}/outcomes");
    }
}
