using System.Security.Cryptography;
using System.Text.Json;

namespace Referrals.Api.Domain;

/// <summary>A patient the physician names who may not be registered yet (PHI: stored with the referral, never logged).</summary>
public sealed record PatientDetails(string FirstName, string LastName, DateOnly DateOfBirth, string Phone);

/// <summary>The physician's signature on the prescription: who signed and when.</summary>
public sealed record Attestation(string SignedBy, DateTimeOffset SignedAt);

/// <summary>
/// What the physician prescribes, validated and normalized (codes upper case, text trimmed, numbers in E.164,
/// instants in UTC at PostgreSQL's microsecond precision). Exactly one of <see cref="ClientId"/> and
/// <see cref="Patient"/> is set.
/// </summary>
public sealed record ReferralTerms(
    Guid PhysicianId,
    Guid? ClientId,
    PatientDetails? Patient,
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
    Attestation Attestation)
{
    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
    };

    /// <summary>
    /// SHA-256 (hex) of the canonical form: the normalized values in a fixed order. Two submissions that say the
    /// same thing hash the same, whatever their JSON's property order, whitespace, letter case of codes or
    /// offset of the signing instant; any change of meaning (a code, a date, the order of diagnoses, which
    /// come primary first) changes it.
    /// </summary>
    public string Fingerprint()
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(this with { Attestation = Attestation with { SignedAt = Attestation.SignedAt.ToUniversalTime() } }, Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
