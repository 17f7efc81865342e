using Identity.Api.Domain;
using Microsoft.AspNetCore.Identity;

namespace Identity.Api.Infrastructure;

/// <summary>A person who signs in: ASP.NET Core Identity's user (password hash, lockout) plus what their token says.</summary>
public sealed class PlatformUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;
    public string Role { get; set; } = string.Empty;
    public List<Guid> LocationIds { get; set; } = [];
    public Guid? PractitionerId { get; set; }
    public Guid? PhysicianId { get; set; }

    public UserProfile Profile => new(UserName ?? string.Empty, DisplayName, Role, LocationIds, PractitionerId, PhysicianId);

    public void Apply(UserProfile profile)
    {
        UserName = profile.UserName;
        DisplayName = profile.DisplayName;
        Role = profile.Role;
        LocationIds = [.. profile.LocationIds];
        PractitionerId = profile.PractitionerId;
        PhysicianId = profile.PhysicianId;
    }
}
