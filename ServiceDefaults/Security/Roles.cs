namespace Platform.ServiceDefaults.Security;

/// <summary>The platform's roles, as the identity service puts them in the <c>role</c> claim (docs/AUTHORIZATION.md).</summary>
public static class Roles
{
    public const string FrontDesk = "frontdesk";
    public const string Therapist = "therapist";
    public const string Manager = "manager";
    public const string Physician = "physician";
    public const string HqAuditor = "hq-auditor";
    public const string Admin = "admin";

    /// <summary>The roles of people; <see cref="Service"/> is not one of them.</summary>
    public static readonly IReadOnlyList<string> All = [FrontDesk, Therapist, Manager, Physician, HqAuditor, Admin];

    /// <summary>Carried by every platform service's client-credentials token; never given to a person.</summary>
    public const string Service = "service";
}
