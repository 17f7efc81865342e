namespace Scheduling.Api.Domain;

/// <summary>A treatment room at a location; its name is unique within the location (case-insensitively).</summary>
public sealed class Room
{
    private Room()
    {
    }

    public Guid Id { get; private set; }
    public Guid LocationId { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; private set; }

    public static Room Create(Guid locationId, string name, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        LocationId = locationId,
        Name = name.Trim(),
        CreatedAt = now.ToUniversalTime(),
    };
}
