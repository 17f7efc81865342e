using Credentials.Api.Domain;

namespace Credentials.Api.Features.Licenses;

/// <summary>
/// A licence as HQ and the front desk see it. <see cref="Status"/> is what the licence is today in its
/// jurisdiction: an active licence past its expiry day shows as <c>lapsed</c>.
/// </summary>
public sealed record LicenseView(
    Guid Id,
    Guid PractitionerId,
    string Jurisdiction,
    string LicenseType,
    string LicenseNumber,
    string IssuingBoard,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    EffectiveLicenseStatus Status,
    string? StatusReason,
    DateTimeOffset StatusChangedAt,
    VerificationStatus Verification,
    DateOnly? VerificationCheckedOn,
    DateTimeOffset CreatedAt,
    IReadOnlyList<VerificationView> Verifications)
{
    public static LicenseView From(License l, DateTimeOffset now) => new(
        l.Id, l.PractitionerId, l.Jurisdiction, l.LicenseType, l.LicenseNumber, l.IssuingBoard, l.IssuedOn, l.ExpiresOn,
        l.EffectiveStatus(Jurisdictions.Get(l.Jurisdiction).Today(now)), l.StatusReason, l.StatusChangedAt,
        l.Verification, l.VerificationCheckedOn, l.CreatedAt,
        l.Verifications.OrderBy(v => v.VerifiedOn).ThenBy(v => v.RecordedAt).Select(VerificationView.From).ToList());
}

public sealed record VerificationView(
    Guid Id, Guid LicenseId, string Source, DateOnly VerifiedOn, VerificationOutcome Outcome, string? Notes, string Verifier, DateTimeOffset RecordedAt)
{
    public static VerificationView From(LicenseVerification v) =>
        new(v.Id, v.LicenseId, v.Source, v.VerifiedOn, v.Outcome, v.Notes, v.Verifier, v.RecordedAt);
}
