namespace Credentials.Api.Domain;

/// <summary>A certification (NCBTMB board certification, manual lymphatic drainage, prenatal). No expiry: it does not expire.</summary>
public sealed class Certification : IAudited
{
    private Certification()
    {
    }

    public Guid Id { get; private set; }
    public Guid PractitionerId { get; private set; }
    public string Code { get; private set; } = string.Empty;
    public DateOnly IssuedOn { get; private set; }
    public DateOnly? ExpiresOn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <param name="code">A known code (<see cref="CertificationCodes"/>), in any case.</param>
    public static Certification Record(Guid practitionerId, string code, DateOnly issuedOn, DateOnly? expiresOn, DateTimeOffset now)
    {
        var canonical = CertificationCodes.Normalize(code) ?? throw new ArgumentException($"Unknown certification code '{code}'.", nameof(code));
        if (expiresOn <= issuedOn) throw new ArgumentException("A certification must expire after it was issued.", nameof(expiresOn));
        return new Certification
        {
            Id = Guid.CreateVersion7(),
            PractitionerId = practitionerId,
            Code = canonical,
            IssuedOn = issuedOn,
            ExpiresOn = expiresOn,
            CreatedAt = now,
        };
    }
}
