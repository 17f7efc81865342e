namespace Credentials.Api.Domain;

/// <summary>What eligibility needs to know about one licence (of the jurisdiction asked about).</summary>
public sealed record LicenseFacts(LicenseStatus Status, VerificationStatus Verification, DateOnly IssuedOn, DateOnly ExpiresOn)
{
    /// <summary>Active and verified: what a licence must be, whatever the date.</summary>
    public bool IsInGoodStanding => Status == LicenseStatus.Active && Verification == VerificationStatus.Verified;

    /// <summary>The days the licence is valid: issue day to expiry day, both included.</summary>
    public DateRange Validity => new(IssuedOn, ExpiresOn);
}

/// <summary>What eligibility needs to know about one certification. No expiry means it does not expire.</summary>
public sealed record CertificationFacts(string Code, DateOnly IssuedOn, DateOnly? ExpiresOn)
{
    public DateRange Validity => new(IssuedOn, ExpiresOn ?? DateOnly.MaxValue);
}

public sealed record EligibilityDecision(bool Eligible, IReadOnlyList<string> Reasons)
{
    public static readonly EligibilityDecision Yes = new(true, []);
}

/// <summary>The reasons a "no" can carry (wire codes; a certification reason ends with ":" + its code).</summary>
public static class EligibilityReasons
{
    public const string NoLicenseInJurisdiction = "no_license_in_jurisdiction";
    public const string LicenseNotYetValid = "license_not_yet_valid";
    public const string LicenseExpired = "license_expired";
    public const string LicenseSuspended = "license_suspended";
    public const string LicenseRevoked = "license_revoked";
    public const string LicenseUnverified = "license_unverified";
    public const string CertificationMissing = "certification_missing";
    public const string CertificationNotYetValid = "certification_not_yet_valid";
    public const string CertificationExpired = "certification_expired";
    /// <summary>Batch answers only: the practitioner id is not known here.</summary>
    public const string PractitionerUnknown = "practitioner_unknown";

    // Reasons are listed in this order, so the same facts always give the same answer.
    internal static readonly string[] LicenseOrder =
        [NoLicenseInJurisdiction, LicenseNotYetValid, LicenseExpired, LicenseSuspended, LicenseRevoked, LicenseUnverified];
}

/// <summary>
/// Whether a practitioner may treat in a jurisdiction on a day (in that jurisdiction's calendar) with a
/// technique. Pure: the facts and the day come in, the decision goes out.
/// <para>
/// Eligible when at least one licence of the jurisdiction is active, verified (its latest verification record
/// says verified) and valid on the day (issued on or before it, expiring on or after it: a licence that expires
/// on day D covers D), and every certification the technique requires has a certificate valid on the day.
/// A "no" lists every reason: when no licence qualifies, the reasons of each licence of the jurisdiction
/// (deduplicated), then each missing certification.
/// </para>
/// </summary>
public static class EligibilityRules
{
    public static EligibilityDecision Evaluate(
        IReadOnlyCollection<LicenseFacts> licenses, IReadOnlyCollection<CertificationFacts> certifications, Technique technique, DateOnly day)
    {
        var reasons = new List<string>();

        if (licenses.Count == 0)
        {
            reasons.Add(EligibilityReasons.NoLicenseInJurisdiction);
        }
        else if (!licenses.Any(l => LicenseReasons(l, day).Count == 0))
        {
            var found = licenses.SelectMany(l => LicenseReasons(l, day)).ToHashSet();
            reasons.AddRange(EligibilityReasons.LicenseOrder.Where(found.Contains));
        }

        foreach (var code in technique.RequiredCertifications)
        {
            var held = certifications.Where(c => c.Code == code).ToList();
            if (held.Any(c => c.Validity.Contains(day))) continue;
            var reason = held.Count == 0 ? EligibilityReasons.CertificationMissing
                : held.Any(c => c.ExpiresOn < day) ? EligibilityReasons.CertificationExpired
                : EligibilityReasons.CertificationNotYetValid;
            reasons.Add($"{reason}:{code}");
        }

        return reasons.Count == 0 ? EligibilityDecision.Yes : new EligibilityDecision(false, reasons);
    }

    /// <summary>
    /// The days of <paramref name="range"/> on which <see cref="Evaluate"/> says yes, as disjoint sorted
    /// windows (a licence may expire, or a certification start, inside the range).
    /// </summary>
    public static List<DateRange> EligibleDays(
        IReadOnlyCollection<LicenseFacts> licenses, IReadOnlyCollection<CertificationFacts> certifications, Technique technique, DateRange range)
    {
        var days = DateRange.Union(licenses.Where(l => l.IsInGoodStanding).Select(l => l.Validity.Intersect(range)));
        foreach (var code in technique.RequiredCertifications)
        {
            if (days.Count == 0) break;
            days = DateRange.Intersect(days, DateRange.Union(certifications.Where(c => c.Code == code).Select(c => c.Validity.Intersect(range))));
        }

        return days;
    }

    private static List<string> LicenseReasons(LicenseFacts license, DateOnly day)
    {
        var reasons = new List<string>(2);
        if (day < license.IssuedOn) reasons.Add(EligibilityReasons.LicenseNotYetValid);
        if (day > license.ExpiresOn) reasons.Add(EligibilityReasons.LicenseExpired);
        if (license.Status == LicenseStatus.Suspended) reasons.Add(EligibilityReasons.LicenseSuspended);
        if (license.Status == LicenseStatus.Revoked) reasons.Add(EligibilityReasons.LicenseRevoked);
        if (license.Verification != VerificationStatus.Verified) reasons.Add(EligibilityReasons.LicenseUnverified);
        return reasons;
    }
}
