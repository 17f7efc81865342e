namespace Referrals.Api.Domain;

/// <summary>A referring physician, identified by NPI (one physician per NPI).</summary>
public sealed class Physician
{
    public const int NameMaxLength = 100;
    public const int PracticeNameMaxLength = 200;

    private Physician()
    {
    }

    public Guid Id { get; private set; }
    public string Npi { get; private set; } = string.Empty;
    public string FirstName { get; private set; } = string.Empty;
    public string LastName { get; private set; } = string.Empty;
    /// <summary>MD, DO, DC, PT, NP or PA.</summary>
    public string Credential { get; private set; } = string.Empty;
    public string PracticeName { get; private set; } = string.Empty;
    /// <summary>E.164.</summary>
    public string Phone { get; private set; } = string.Empty;
    /// <summary>E.164.</summary>
    public string Fax { get; private set; } = string.Empty;
    public DateTimeOffset RegisteredAt { get; private set; }
    public string RegisteredBy { get; private set; } = string.Empty;

    /// <summary>Values already validated and normalized (names trimmed, numbers in E.164).</summary>
    public static Physician Register(string npi, string firstName, string lastName, string credential, string practiceName,
        string phone, string fax, string registeredBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Npi = npi,
        FirstName = firstName,
        LastName = lastName,
        Credential = credential,
        PracticeName = practiceName,
        Phone = phone,
        Fax = fax,
        RegisteredAt = Instants.ToStoredPrecision(now),
        RegisteredBy = registeredBy,
    };
}
