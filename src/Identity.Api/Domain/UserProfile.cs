namespace Identity.Api.Domain;

/// <summary>
/// What a person's token says about them besides their name: role, the locations they work at, and the
/// practitioner or physician record they are. The rules here decide whether a profile is complete
/// enough to sign in with; they are checked whenever a user is created or changed.
/// </summary>
public sealed record UserProfile(
    string UserName,
    string DisplayName,
    string Role,
    IReadOnlyList<Guid> LocationIds,
    Guid? PractitionerId,
    Guid? PhysicianId)
{
    public const int MaxUserNameLength = 100;
    public const int MaxDisplayNameLength = 200;
    public const int MaxLocations = 200;

    /// <summary>Every rule the profile breaks, as (field, message) pairs a person can act on; empty when it is valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(UserName) || UserName.Length > MaxUserNameLength)
            problems.Add(("userName", $"Give a user name of 1 to {MaxUserNameLength} characters."));
        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > MaxDisplayNameLength)
            problems.Add(("displayName", $"Give a display name of 1 to {MaxDisplayNameLength} characters."));
        if (!PlatformRoles.IsPersonRole(Role))
            problems.Add(("role", $"'{Role}' is not a role; use one of: {string.Join(", ", PlatformRoles.People)}."));

        var isStaff = PlatformRoles.Staff.Contains(Role, StringComparer.Ordinal);
        if (isStaff && LocationIds.Count == 0)
            problems.Add(("locationIds", $"A {Role} works at one location at least; give its id."));
        if (!isStaff && LocationIds.Count > 0)
            problems.Add(("locationIds", $"A {Role} is not bound to locations; leave the list empty."));
        if (LocationIds.Count > MaxLocations || LocationIds.Contains(Guid.Empty) || LocationIds.Distinct().Count() != LocationIds.Count)
            problems.Add(("locationIds", $"Give at most {MaxLocations} distinct, non-empty location ids."));

        if (Role == PlatformRoles.Therapist && PractitionerId.GetValueOrDefault() == Guid.Empty)
            problems.Add(("practitionerId", "A therapist must be linked to their practitioner record (its id in Credentials)."));
        if (Role != PlatformRoles.Therapist && PractitionerId is not null)
            problems.Add(("practitionerId", "Only a therapist carries a practitioner id."));

        if (Role == PlatformRoles.Physician && PhysicianId.GetValueOrDefault() == Guid.Empty)
            problems.Add(("physicianId", "A physician must be linked to their physician record (its id in Referrals)."));
        if (Role != PlatformRoles.Physician && PhysicianId is not null)
            problems.Add(("physicianId", "Only a physician carries a physician id."));

        return problems;
    }
}
