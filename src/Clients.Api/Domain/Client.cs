namespace Clients.Api.Domain;

/// <summary>Who the client is and how to reach them; what registration and a full update set.</summary>
public sealed record ClientDetails(
    string FirstName, string LastName, DateOnly DateOfBirth, string? Email, string? Phone, Guid HomeLocationId, Insurance? Insurance);

public sealed record Insurance(string Payer, string MemberId);

/// <summary>A physician's clearance for massage despite the recorded contraindications.</summary>
public sealed record PhysicianClearance(string PhysicianNpi, DateOnly ClearedOn, string? Note, DateTimeOffset RecordedAt)
{
    /// <summary>Same document: same physician, date and note (when it was recorded does not matter).</summary>
    public bool SameDocumentAs(PhysicianClearance? other) =>
        other is not null && other.PhysicianNpi == PhysicianNpi && other.ClearedOn == ClearedOn && other.Note == Note;
}

public sealed record HealthHistory(
    IReadOnlyList<string> Conditions,
    IReadOnlyList<string> Medications,
    IReadOnlyList<Contraindication> Contraindications,
    PhysicianClearance? Clearance);

/// <summary>
/// A client of the chain (not of one location: any location may book them). Holds demographics,
/// contact, home location, insurance, health history and consents, and the normalized keys that
/// search and duplicate detection use.
/// </summary>
public sealed class Client
{
    private Client()
    {
    }

    public Guid Id { get; private set; }
    public string FirstName { get; private set; } = null!;
    public string LastName { get; private set; } = null!;
    public DateOnly DateOfBirth { get; private set; }
    public string? Email { get; private set; }
    /// <summary>E.164, see <see cref="PhoneNumbers"/>.</summary>
    public string? Phone { get; private set; }
    /// <summary>A location of Scheduling; this service cannot check that it exists.</summary>
    public Guid HomeLocationId { get; private set; }
    public Insurance? Insurance { get; private set; }

    /// <summary>Search key "last first" (see <see cref="SearchKeys"/>); also the list order and the duplicate identity.</summary>
    public string NameLastFirst { get; private set; } = null!;
    /// <summary>Search key "first last".</summary>
    public string NameFirstLast { get; private set; } = null!;

    public List<string> Conditions { get; private set; } = [];
    public List<string> Medications { get; private set; } = [];
    public List<Contraindication> Contraindications { get; private set; } = [];
    /// <summary>When a contraindication was last added; a clearance recorded before this no longer covers.</summary>
    public DateTimeOffset? ContraindicationAddedAt { get; private set; }
    public PhysicianClearance? Clearance { get; private set; }
    public DateTimeOffset? HealthHistoryUpdatedAt { get; private set; }

    public List<Consent> Consents { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = null!;
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = null!;

    /// <summary>Row version (PostgreSQL xmin): the ETag.</summary>
    public uint Version { get; private set; }

    public static Client Register(ClientDetails details, DateTimeOffset now, string who)
    {
        var client = new Client { Id = Guid.CreateVersion7(now), CreatedAt = now, CreatedBy = who };
        client.Update(details, now, who);
        return client;
    }

    public void Update(ClientDetails details, DateTimeOffset now, string who)
    {
        FirstName = details.FirstName.Trim();
        LastName = details.LastName.Trim();
        DateOfBirth = details.DateOfBirth;
        Email = details.Email?.Trim();
        Phone = details.Phone;
        HomeLocationId = details.HomeLocationId;
        Insurance = details.Insurance;
        NameLastFirst = SearchKeys.LastFirst(FirstName, LastName);
        NameFirstLast = SearchKeys.FirstLast(FirstName, LastName);
        UpdatedAt = now;
        UpdatedBy = who;
    }

    /// <summary>Replaces the health history. See <see cref="BookingStatus"/> for what a clearance covers.</summary>
    public void RecordHealthHistory(HealthHistory history, DateTimeOffset now, string who)
    {
        if (history.Contraindications.Except(Contraindications).Any()) ContraindicationAddedAt = now;
        Conditions = [.. history.Conditions];
        Medications = [.. history.Medications];
        Contraindications = [.. history.Contraindications.Distinct().Order()];
        // The clearance already on file, sent back unchanged, keeps its recording time: it cannot cover a
        // contraindication added since. A different clearance is a new document, recorded now.
        Clearance = history.Clearance switch
        {
            null => null,
            var sent when sent.SameDocumentAs(Clearance) => Clearance,
            var sent => sent with { RecordedAt = now },
        };
        HealthHistoryUpdatedAt = now;
        UpdatedAt = now;
        UpdatedBy = who;
    }

    public Consent RecordConsent(ConsentType type, DateTimeOffset signedAt, DateTimeOffset now, string who)
    {
        var consent = new Consent(Guid.CreateVersion7(now), Id, type, signedAt, now, who);
        Consents.Add(consent);
        return consent;
    }

    public bool ClearanceCoversContraindications => Domain.BookingStatus.ClearanceCovers(ContraindicationAddedAt, Clearance?.RecordedAt);

    /// <summary>Needs <see cref="Consents"/> loaded.</summary>
    public BookingStatus BookingStatus() =>
        Domain.BookingStatus.Evaluate(Contraindications, ContraindicationAddedAt, Clearance?.RecordedAt, Consents.Any(c => c.Type == ConsentType.Treatment));
}

/// <summary>A signed consent; consents are only ever added, so the history of what was signed when stays.</summary>
public sealed class Consent(Guid id, Guid clientId, ConsentType type, DateTimeOffset signedAt, DateTimeOffset recordedAt, string recordedBy)
{
    public Guid Id { get; private set; } = id;
    public Guid ClientId { get; private set; } = clientId;
    public ConsentType Type { get; private set; } = type;
    public DateTimeOffset SignedAt { get; private set; } = signedAt.ToUniversalTime();
    public DateTimeOffset RecordedAt { get; private set; } = recordedAt;
    public string RecordedBy { get; private set; } = recordedBy;
}
