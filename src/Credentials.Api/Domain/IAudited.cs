namespace Credentials.Api.Domain;

/// <summary>
/// A record whose every creation and change goes into the append-only audit trail, filed under the
/// practitioner it belongs to.
/// </summary>
public interface IAudited
{
    Guid Id { get; }
    Guid PractitionerId { get; }
}
