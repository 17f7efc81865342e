namespace Platform.DemoChain;

// The demo chain as plain data. Codes are the platform's wire codes (API.md); each service's seeder turns
// them into its own domain types, through its own parsers, so a code a service does not accept fails there.

public sealed record DemoAddress(string Line1, string? Line2, string City, string PostalCode);

/// <summary>One opening interval, local time of the location.</summary>
public sealed record DemoOpeningHours(DayOfWeek DayOfWeek, TimeOnly Opens, TimeOnly Closes);

public sealed record DemoRoom(Guid Id, Guid LocationId, string Name);

public sealed record DemoLocation(
    Guid Id,
    string Name,
    string Jurisdiction,
    string TimeZone,
    DemoAddress Address,
    IReadOnlyList<DemoOpeningHours> OpeningHours,
    IReadOnlyList<DemoRoom> Rooms,
    DateTimeOffset CreatedAt)
{
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The opening intervals of a local date.</summary>
    public IEnumerable<DemoOpeningHours> OpenOn(DateOnly date) => OpeningHours.Where(h => h.DayOfWeek == date.DayOfWeek);
}

/// <summary>A primary-source check of a licence: <c>verified</c> or <c>discrepancy</c>.</summary>
public sealed record DemoVerification(Guid Id, string Source, DateOnly VerifiedOn, string Outcome, string? Notes, string Verifier);

/// <summary>The board suspended the licence on <see cref="On"/>.</summary>
public sealed record DemoSuspension(DateOnly On, string Reason);

public sealed record DemoLicense(
    Guid Id,
    string Jurisdiction,
    string LicenseType,
    string LicenseNumber,
    string IssuingBoard,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    IReadOnlyList<DemoVerification> Verifications,
    DemoSuspension? Suspension)
{
    /// <summary>The latest check (by its day, then the order recorded) says verified.</summary>
    public bool IsVerified => VerifiedAsOf(DateOnly.MaxValue);

    /// <summary>The latest check made on or before <paramref name="day"/> said verified (for a future day: the current state).</summary>
    public bool VerifiedAsOf(DateOnly day) =>
        Verifications.Where(v => v.VerifiedOn <= day).OrderBy(v => v.VerifiedOn).LastOrDefault()?.Outcome == DemoVocabulary.Verified;

    /// <summary>
    /// Whether the licence let its holder treat on a day, as things stood then (for today and later: as they
    /// stand now, which is what Credentials' eligibility answers). Ignores certifications.
    /// </summary>
    public bool CoversDay(DateOnly day) =>
        VerifiedAsOf(day) && IssuedOn <= day && day <= ExpiresOn && (Suspension is null || day < Suspension.On);
}

/// <summary>A certification (<c>NCBTMB</c>, <c>MLD</c>, <c>PRENATAL</c>); no expiry means it does not expire.</summary>
public sealed record DemoCertification(Guid Id, string Code, DateOnly IssuedOn, DateOnly? ExpiresOn)
{
    public bool CoversDay(DateOnly day) => IssuedOn <= day && (ExpiresOn is null || day <= ExpiresOn);
}

/// <summary>A massage therapist of the chain: works at one location, licensed in its jurisdiction.</summary>
public sealed record DemoTherapist(
    Guid Id,
    string FirstName,
    string LastName,
    string Email,
    Guid HomeLocationId,
    DemoLicense License,
    IReadOnlyList<DemoCertification> Certifications,
    DateTimeOffset RegisteredAt)
{
    public bool Holds(string certification, DateOnly day) => Certifications.Any(c => c.Code == certification && c.CoversDay(day));

    /// <summary>Whether Credentials would find the therapist eligible on a day for a technique (null: none).</summary>
    public bool IsEligible(DateOnly day, string? technique) =>
        License.CoversDay(day) && DemoVocabulary.RequiredCertifications(technique).All(c => Holds(c, day));
}

/// <summary>A shift in the location's local time, and the same as instants.</summary>
public sealed record DemoShift(
    Guid Id, Guid PractitionerId, Guid LocationId, DateOnly Date, TimeOnly Start, TimeOnly End,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid PatternId);

public sealed record DemoPhysician(
    Guid Id,
    string Npi,
    string FirstName,
    string LastName,
    string Credential,
    string PracticeName,
    string Phone,
    string Fax,
    string Jurisdiction,
    DateTimeOffset RegisteredAt)
{
    public string DisplayName => $"{FirstName} {LastName}, {Credential}";
}

public sealed record DemoInsurance(string Payer, string MemberId);

public sealed record DemoClearance(string PhysicianNpi, DateOnly ClearedOn, string? Note);

/// <summary>A signed consent: <c>treatment</c> or <c>privacy</c>.</summary>
public sealed record DemoConsent(Guid Id, string Type, DateTimeOffset SignedAt);

public sealed record DemoClient(
    Guid Id,
    string FirstName,
    string LastName,
    DateOnly DateOfBirth,
    string? Email,
    string? Phone,
    Guid HomeLocationId,
    DemoInsurance? Insurance,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<string> Medications,
    IReadOnlyList<string> Contraindications,
    DemoClearance? Clearance,
    IReadOnlyList<DemoConsent> Consents,
    DateTimeOffset RegisteredAt)
{
    /// <summary>What Clients would answer: a contraindication without clearance, or no treatment consent, blocks booking.</summary>
    public bool IsBlocked =>
        (Contraindications.Count > 0 && Clearance is null) || Consents.All(c => c.Type != DemoVocabulary.ConsentTreatment);
}

/// <summary>
/// A physician's prescription. <see cref="ClientId"/> is null while it is <c>submitted</c> or <c>rejected</c>
/// for a patient the chain has not registered (then <see cref="Patient"/> says who). Visit counts follow the
/// appointments: used = completed, held = booked and not yet completed.
/// </summary>
public sealed record DemoReferral(
    Guid Id,
    Guid PhysicianId,
    Guid? ClientId,
    DemoReferralPatient Patient,
    IReadOnlyList<string> Diagnoses,
    IReadOnlyList<string> CptCodes,
    IReadOnlyList<string> BodyRegions,
    int FrequencyPerWeek,
    int DurationWeeks,
    int AuthorizedVisits,
    int SessionMinutes,
    string? Precautions,
    DateOnly StartDate,
    DateOnly ExpiresOn,
    DateTimeOffset SubmittedAt,
    string Status,
    string? RejectionReason,
    DateTimeOffset? DecidedAt,
    string IdempotencyKey,
    int VisitsUsed,
    int VisitsHeld);

/// <summary>The patient as the physician's prescription names them.</summary>
public sealed record DemoReferralPatient(string FirstName, string LastName, DateOnly DateOfBirth, string? Phone);

public sealed record DemoAppointment(
    Guid Id,
    Guid ClientId,
    Guid PractitionerId,
    Guid LocationId,
    Guid RoomId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Service,
    Guid? ReferralId,
    string? Technique,
    string Status,
    string? CancellationReason,
    Guid? SeriesId,
    DateTimeOffset CreatedAt,
    DateTimeOffset StatusChangedAt)
{
    /// <summary>Holds its practitioner, room and client (what the exclusion constraints count).</summary>
    public bool OccupiesTime => Status != DemoVocabulary.Cancelled;
}

public sealed record DemoRangeOfMotion(string Joint, string Movement, int Degrees);

/// <summary>An outcome measure: <c>ODI</c>, <c>NDI</c> or <c>FIQR</c>.</summary>
public sealed record DemoOutcome(string Instrument, decimal Score);

/// <summary>The signed SOAP note of a completed appointment, written and signed by its practitioner.</summary>
public sealed record DemoNote(
    Guid Id,
    Guid AppointmentId,
    Guid ClientId,
    Guid? ReferralId,
    Guid PractitionerId,
    string Kind,
    string ChiefComplaint,
    int PainBefore,
    string? Posture,
    IReadOnlyList<DemoRangeOfMotion> RangeOfMotion,
    string Palpation,
    string Assessment,
    IReadOnlyList<string> Techniques,
    IReadOnlyList<string> BodyRegions,
    string HomeCare,
    int PainAfter,
    IReadOnlyList<DemoOutcome> OutcomeMeasures,
    DateTimeOffset WrittenAt,
    DateTimeOffset SignedAt)
{
    /// <summary>The author's user id as notes record it (a practitioner signs as their practitioner id).</summary>
    public string AuthorId => DemoIdentities.UserIdOf(PractitionerId);
}
