using Platform.ServiceDefaults.Security;

namespace Identity.Api.Domain;

/// <summary>
/// The claims each kind of caller's access token carries, by exactly the names
/// <see cref="CurrentUser.ClaimNames"/> reads in every service.
/// </summary>
public static class TokenClaims
{
    /// <summary>A person: subject, name, role, and by role their locations, practitioner id or physician id.</summary>
    public static IEnumerable<(string Type, string Value)> ForPerson(Guid userId, UserProfile profile)
    {
        yield return (CurrentUser.ClaimNames.Subject, userId.ToString());
        yield return (CurrentUser.ClaimNames.Name, profile.DisplayName);
        yield return (CurrentUser.ClaimNames.Role, profile.Role);
        foreach (var location in profile.LocationIds)
        {
            yield return (CurrentUser.ClaimNames.Location, location.ToString());
        }

        if (profile.PractitionerId is { } practitioner) yield return (CurrentUser.ClaimNames.PractitionerId, practitioner.ToString());
        if (profile.PhysicianId is { } physician) yield return (CurrentUser.ClaimNames.PhysicianId, physician.ToString());
    }

    /// <summary>
    /// A system acting for itself (client credentials): the client id is the subject. A platform service
    /// carries the role <c>service</c>; a physician practice's EHR acts as its physician (role
    /// <c>physician</c> and the physician id it is bound to), so the same physician scoping applies to it.
    /// </summary>
    public static IEnumerable<(string Type, string Value)> ForClient(string clientId, string displayName, Guid? physicianId)
    {
        yield return (CurrentUser.ClaimNames.Subject, clientId);
        yield return (CurrentUser.ClaimNames.Name, displayName);
        if (physicianId is { } physician)
        {
            yield return (CurrentUser.ClaimNames.Role, PlatformRoles.Physician);
            yield return (CurrentUser.ClaimNames.PhysicianId, physician.ToString());
        }
        else
        {
            yield return (CurrentUser.ClaimNames.Role, PlatformRoles.Service);
        }
    }
}
