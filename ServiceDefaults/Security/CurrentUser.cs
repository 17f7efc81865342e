using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Who is acting, as the use cases and audit trails need it. Read from the validated token's claims;
/// a request without a token (allowed only where a service permits it) acts as <c>anonymous</c>.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public static class ClaimNames
    {
        public const string Subject = "sub";
        public const string Name = "name";
        public const string Role = "role";
        public const string Location = "location";
        public const string PractitionerId = "practitioner_id";
        public const string PhysicianId = "physician_id";
        public const string ClientId = "client_id";
    }

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    /// <summary>The token's subject (a user id, or a client id for a system); recorded in audit trails.</summary>
    public string Id => Find(ClaimNames.Subject) ?? Find(ClaimTypes.NameIdentifier) ?? Find(ClaimNames.ClientId) ?? "anonymous";

    public string DisplayName => Find(ClaimNames.Name) ?? Find(ClaimTypes.Name) ?? Id;

    public IReadOnlyList<string> Roles => FindAll(ClaimNames.Role).Concat(FindAll(ClaimTypes.Role)).Distinct().ToList();

    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Locations a staff member works at.</summary>
    public IReadOnlyList<Guid> LocationIds => FindAll(ClaimNames.Location).Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();

    public Guid? PractitionerId => Guid.TryParse(Find(ClaimNames.PractitionerId), out var id) ? id : null;

    public Guid? PhysicianId => Guid.TryParse(Find(ClaimNames.PhysicianId), out var id) ? id : null;

    private string? Find(string type) => Principal?.FindFirst(type)?.Value;

    private IEnumerable<string> FindAll(string type) => Principal?.FindAll(type).Select(c => c.Value) ?? [];
}
