using Platform.ServiceDefaults.Security;

namespace Identity.Api.Domain;

/// <summary>
/// The roles a person's token can carry (DESIGN.md, Security), plus <c>service</c> for systems: the names every service
/// authorizes by (<see cref="Roles"/>), with what the identity service alone needs to know about them.
/// </summary>
public static class PlatformRoles
{
    public const string FrontDesk = Roles.FrontDesk;
    public const string Therapist = Roles.Therapist;
    public const string Manager = Roles.Manager;
    public const string Physician = Roles.Physician;
    public const string HqAuditor = Roles.HqAuditor;
    public const string Admin = Roles.Admin;
    public const string Service = Roles.Service;

    public static readonly IReadOnlyList<string> People = Roles.All;

    /// <summary>Roles that work at clinic locations and so must name at least one.</summary>
    public static readonly IReadOnlyList<string> Staff = [FrontDesk, Therapist, Manager];

    public static bool IsPersonRole(string role) => People.Contains(role, StringComparer.Ordinal);
}
