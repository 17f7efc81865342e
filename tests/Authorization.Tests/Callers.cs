using R = Platform.ServiceDefaults.Security.Roles;

namespace Authorization.Tests;

/// <summary>Where a staff caller works, or where a row lives.</summary>
public enum Site { A, B }

/// <summary>
/// Who calls in the matrix: one real account per role (staff at location A; the physician P1), a staff member of
/// location B, the physician P2, a system's client-credentials token (valid, but no person role) and nobody.
/// Theories take the <see cref="Name"/>.
/// </summary>
public sealed record Caller(string Name, string? Role, Site? Location = null, string? Physician = null, bool System = false)
{
    public const string Anonymous = "anonymous";

    public static readonly Caller FrontDesk = new("frontdesk@A", R.FrontDesk, Site.A);
    public static readonly Caller Therapist = new("therapist@A", R.Therapist, Site.A);
    public static readonly Caller Manager = new("manager@A", R.Manager, Site.A);
    public static readonly Caller PhysicianP1 = new("physician P1", R.Physician, Physician: "P1");
    public static readonly Caller HqAuditor = new("hq-auditor", R.HqAuditor);
    public static readonly Caller Admin = new("admin", R.Admin);
    public static readonly Caller ManagerB = new("manager@B", R.Manager, Site.B);
    public static readonly Caller PhysicianP2 = new("physician P2", R.Physician, Physician: "P2");
    public static readonly Caller NoRole = new("system token (no role)", null, System: true);
    public static readonly Caller Nobody = new(Anonymous, null);

    public static readonly IReadOnlyList<Caller> All =
        [FrontDesk, Therapist, Manager, PhysicianP1, HqAuditor, Admin, ManagerB, PhysicianP2, NoRole, Nobody];

    public static Caller Named(string name) => All.Single(c => c.Name == name);

    /// <summary>The identity service's user name for this caller's account (people only).</summary>
    public string UserName => "matrix-" + Name.Replace(' ', '-').Replace('@', '-').ToLowerInvariant();

    public bool IsStaff => Role is R.FrontDesk or R.Therapist or R.Manager;

    public bool HasToken => Role is not null || System;

    public override string ToString() => Name;
}
