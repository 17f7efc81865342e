namespace Credentials.Api.Domain;

public sealed class Practitioner : IAudited
{
    private readonly List<License> _licenses = [];
    private readonly List<Certification> _certifications = [];

    private Practitioner()
    {
    }

    public Guid Id { get; private set; }
    public string FirstName { get; private set; } = string.Empty;
    public string LastName { get; private set; } = string.Empty;
    public string Email { get; private set; } = string.Empty;
    public string? Npi { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public IReadOnlyList<License> Licenses => _licenses;
    public IReadOnlyList<Certification> Certifications => _certifications;

    Guid IAudited.PractitionerId => Id;

    public static Practitioner Register(string firstName, string lastName, string email, string? npi, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        FirstName = firstName.Trim(),
        LastName = lastName.Trim(),
        Email = email.Trim(),
        Npi = NormalizeNpi(npi),
        CreatedAt = now,
    };

    public void Update(string firstName, string lastName, string email, string? npi)
    {
        FirstName = firstName.Trim();
        LastName = lastName.Trim();
        Email = email.Trim();
        Npi = NormalizeNpi(npi);
    }

    private static string? NormalizeNpi(string? npi) => string.IsNullOrWhiteSpace(npi) ? null : npi.Trim();
}
