using Platform.ServiceDefaults.Problems;

namespace ClinicalNotes.Api.Domain;

/// <summary>
/// The visit a note documents, as Scheduling stores it: the appointment, the client treated, where (which decides
/// who at the clinic may read the note) and by whom.
/// </summary>
public sealed record Visit(Guid AppointmentId, Guid ClientId, Guid LocationId, Guid PractitionerId);

/// <summary>
/// A SOAP note for one appointment. A draft is changed only by its author; signing seals it into the
/// client's hash chain and locks it forever (the database refuses any later UPDATE or DELETE of the row);
/// corrections after that are <see cref="Addendum"/>s.
/// </summary>
public sealed class ClinicalNote
{
    private ClinicalNote()
    {
    }

    public Guid Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public Guid ClientId { get; private set; }
    public Guid? ReferralId { get; private set; }
    /// <summary>Where the visit happened: therapists and managers of this location read the note.</summary>
    public Guid LocationId { get; private set; }
    /// <summary>Who treated (the appointment's practitioner); <see cref="AuthorId"/> is their user id.</summary>
    public Guid PractitionerId { get; private set; }
    public string Kind { get; private set; } = NoteKinds.Treatment;
    public string AuthorId { get; private set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public string? ChiefComplaint { get; private set; }
    public int? PainBefore { get; private set; }
    public string? Posture { get; private set; }
    public IReadOnlyList<RangeOfMotionMeasurement> RangeOfMotion { get; private set; } = [];
    public string? Palpation { get; private set; }
    public string? Assessment { get; private set; }
    public IReadOnlyList<string> Techniques { get; private set; } = [];
    public IReadOnlyList<string> BodyRegions { get; private set; } = [];
    public string? HomeCare { get; private set; }
    public int? PainAfter { get; private set; }
    public IReadOnlyList<OutcomeMeasure> OutcomeMeasures { get; private set; } = [];

    public DateTimeOffset? SignedAt { get; private set; }
    public string? SignedBy { get; private set; }
    /// <summary>Position in the client's chain of signed notes, from 1.</summary>
    public int? ChainSequence { get; private set; }
    public string? PreviousHash { get; private set; }
    public string? Hash { get; private set; }

    /// <summary>The row version (PostgreSQL <c>xmin</c>), the ETag of a draft.</summary>
    public uint Version { get; private set; }

    public List<Addendum> Addenda { get; private set; } = [];

    public bool IsSigned => SignedAt is not null;

    public NoteContent Content => new(
        new Subjective(ChiefComplaint, PainBefore),
        new Objective(Posture, RangeOfMotion, Palpation),
        Assessment,
        new Plan(Techniques, BodyRegions, HomeCare),
        PainAfter,
        OutcomeMeasures);

    public static ClinicalNote Draft(Visit visit, Guid? referralId, string kind, NoteContent content, string authorId, DateTimeOffset now)
    {
        var note = new ClinicalNote
        {
            Id = Guid.CreateVersion7(),
            AppointmentId = visit.AppointmentId,
            ClientId = visit.ClientId,
            LocationId = visit.LocationId,
            PractitionerId = visit.PractitionerId,
            AuthorId = authorId,
            CreatedAt = CanonicalNote.ToStoredPrecision(now),
        };
        note.Write(kind, referralId, content, note.CreatedAt);
        return note;
    }

    /// <summary>Replaces the draft's content. Only the author may, and only while it is a draft.</summary>
    public void Revise(string editorId, string kind, Guid? referralId, NoteContent content, DateTimeOffset now)
    {
        EnsureAuthor(editorId, "edit");
        if (IsSigned)
        {
            throw new ConflictException("note_signed",
                "This note is signed and can no longer be changed. Add an addendum (POST /api/notes/{id}/addenda) with the correction and its reason.");
        }

        Write(kind, referralId, content, CanonicalNote.ToStoredPrecision(now));
    }

    /// <summary>
    /// Signs the note as the next link of its client's chain: records who and when, takes the chain head's
    /// hash as <see cref="PreviousHash"/>, computes <see cref="Hash"/> over the canonical form and moves the
    /// head. The caller must hold the chain head locked so that the client's chain stays linear.
    /// </summary>
    public void Sign(string signerId, DateTimeOffset now, NoteChain chain)
    {
        EnsureAuthor(signerId, "sign");
        if (IsSigned)
        {
            throw new ConflictException("note_already_signed", $"This note was already signed at {SignedAt:O}; a signature is given once.");
        }

        if (chain.ClientId != ClientId) throw new InvalidOperationException("The chain belongs to another client.");
        var missing = Content.MissingForSigning(Kind);
        if (missing.Count > 0)
        {
            throw new BusinessRuleException("note_incomplete", missing,
                "Complete the fields listed in 'reasons' in the draft (PUT /api/notes/{id}), then sign again.");
        }

        SignedAt = CanonicalNote.ToStoredPrecision(now);
        SignedBy = signerId;
        ChainSequence = chain.Length + 1;
        PreviousHash = chain.HeadHash;
        Hash = CanonicalNote.Hash(Seal());
        chain.Advance(Id, Hash);
    }

    /// <summary>What the signature covers, as stored.</summary>
    public SealedNote Seal()
    {
        if (SignedAt is null || SignedBy is null || ChainSequence is null)
        {
            throw new InvalidOperationException("Only a signed note is sealed.");
        }

        return new SealedNote(Id, ClientId, AppointmentId, ReferralId, Kind, AuthorId, SignedBy, SignedAt.Value,
            ChainSequence.Value, PreviousHash, Content);
    }

    private void EnsureAuthor(string userId, string action)
    {
        if (!string.Equals(userId, AuthorId, StringComparison.Ordinal))
        {
            throw new ForbiddenException($"Only the author of a draft may {action} it.");
        }
    }

    private void Write(string kind, Guid? referralId, NoteContent content, DateTimeOffset now)
    {
        var c = content.Normalized();
        Kind = kind;
        ReferralId = referralId;
        ChiefComplaint = c.Subjective.ChiefComplaint;
        PainBefore = c.Subjective.PainBefore;
        Posture = c.Objective.Posture;
        RangeOfMotion = c.Objective.RangeOfMotion;
        Palpation = c.Objective.Palpation;
        Assessment = c.Assessment;
        Techniques = c.Plan.Techniques;
        BodyRegions = c.Plan.BodyRegions;
        HomeCare = c.Plan.HomeCare;
        PainAfter = c.PainAfter;
        OutcomeMeasures = c.OutcomeMeasures;
        UpdatedAt = now;
    }
}
