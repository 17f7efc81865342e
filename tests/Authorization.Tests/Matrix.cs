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

    private static readonly string[] Staff = [FrontDesk, Therapist, Manager];
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

    public static readonly IReadOnlyList<Row> Rows = [.. Credentials(), .. Clients(), .. Referrals()];

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
}
