namespace Clients.Api.Domain;

/// <summary>
/// Whether a client may be booked, with every reason when not.
/// <list type="bullet">
/// <item>A contraindication blocks unless a physician clearance covers it. A clearance covers the
/// contraindications recorded up to when it was recorded: recording a clearance (in the same update as
/// the contraindications, or later) clears them all; adding a contraindication afterwards needs a new
/// clearance, and until then every contraindication blocks again. Removing one needs no new clearance.</item>
/// <item>No treatment consent blocks.</item>
/// </list>
/// </summary>
public sealed record BookingStatus(bool Blocked, IReadOnlyList<string> Reasons)
{
    public const string ConsentMissingTreatment = "consent_missing:treatment";

    public static string ContraindicationReason(Contraindication contraindication) => "contraindication:" + Codes.Of(contraindication);

    public static BookingStatus Evaluate(
        IEnumerable<Contraindication> contraindications,
        DateTimeOffset? contraindicationAddedAt,
        DateTimeOffset? clearanceRecordedAt,
        bool hasTreatmentConsent)
    {
        var reasons = new List<string>();
        if (!ClearanceCovers(contraindicationAddedAt, clearanceRecordedAt))
        {
            reasons.AddRange(contraindications.Distinct().Order().Select(ContraindicationReason));
        }

        if (!hasTreatmentConsent) reasons.Add(ConsentMissingTreatment);
        return new BookingStatus(reasons.Count > 0, reasons);
    }

    public static bool ClearanceCovers(DateTimeOffset? contraindicationAddedAt, DateTimeOffset? clearanceRecordedAt) =>
        clearanceRecordedAt is { } recorded && (contraindicationAddedAt is not { } added || recorded >= added);
}
