namespace Identity.Api.Domain;

/// <summary>The roles a person's token can carry (DESIGN.md, Security), plus <c>service</c> for systems.</summary>
public static class PlatformRoles
{
    public const string FrontDesk = "frontdesk";
    public const string Therapist = "therapist";
    public const string Manager = "manager";
    public const string Physician = "physician";
    public const string HqAuditor = "hq-auditor";
    public const string Admin = "admin";

    /// <summary>Carried by every platform service's client-credentials token; never given to a person.</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> People = [FrontDesk, Therapist, Manager, Physician, HqAuditor, Admin];

    /// <summary>Roles that work at clinic locations and so must name at least one.</summary>
    public static readonly IReadOnlyList<string> Staff = [FrontDesk, Therapist, Manager];

    public static bool IsPersonRole(string role) => People.Contains(role, StringComparer.Ordinal);
}
