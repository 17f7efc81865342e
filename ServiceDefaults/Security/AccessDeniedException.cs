using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Security;

/// <summary>403 with a code that says why: the caller's role, or the row lies outside the caller's scope.</summary>
public sealed class AccessDeniedException(string code, string detail) : ProblemException(detail)
{
    /// <summary>None of the caller's roles may perform this use case.</summary>
    public const string RoleNotAllowed = "role_not_allowed";

    /// <summary>The caller's role may, but not on a row of a location the caller does not work at.</summary>
    public const string OutsideYourLocations = "outside_your_locations";

    /// <summary>A physician acting for another physician.</summary>
    public const string NotYourPhysicianId = "not_your_physician_id";

    public override int StatusCode => 403;
    public override string Title => "Forbidden";
    public override string Code => code;
}
