using System.Text.RegularExpressions;

namespace Referrals.Api.Domain;

/// <summary>The credentials a referring physician may hold (DESIGN.md), upper case on the wire as on a prescription pad.</summary>
public static class PhysicianCredentials
{
    public static readonly IReadOnlyList<string> All = ["MD", "DO", "DC", "PT", "NP", "PA"];
}

/// <summary>
/// Treatment codes a prescription may order: 97124 massage, 97140 manual therapy, 97112 neuromuscular
/// re-education, 97530 therapeutic activities (DOMAIN.md). Billed in 15-minute units.
/// </summary>
public static class CptCodes
{
    public static readonly IReadOnlyList<string> All = ["97124", "97140", "97112", "97530"];
}

/// <summary>
/// The body regions a prescription may name. A copy of ClinicalNotes' list
/// (<c>ClinicalNotes.Api.Domain.BodyRegions</c>), so a prescription and the notes written under it speak the
/// same regions; to be consolidated into one shared vocabulary.
/// </summary>
public static class BodyRegions
{
    public static readonly IReadOnlyList<string> All =
    [
        "head", "face-jaw", "neck",
        "shoulder-left", "shoulder-right",
        "upper-back", "mid-back", "lower-back", "sacrum",
        "chest", "abdomen",
        "upper-arm-left", "upper-arm-right",
        "forearm-hand-left", "forearm-hand-right",
        "hip-gluteal-left", "hip-gluteal-right",
        "thigh-left", "thigh-right",
        "knee-left", "knee-right",
        "lower-leg-foot-left", "lower-leg-foot-right",
    ];
}

/// <summary>
/// ICD-10-CM diagnosis codes, checked for shape only (the code set changes every year and is not kept here):
/// a letter, a digit, a letter or digit, then optionally a dot and one to four letters or digits
/// (M54.50, M79.7, G44.209, M54.2). Codes are stored upper case.
/// </summary>
public static partial class Icd10Cm
{
    public const string Rule = "Must be an ICD-10-CM code: a letter, a digit, a letter or digit, then optionally a dot and up to 4 letters or digits, for example M54.50.";

    public static bool IsValidShape(string? code) => code is not null && Shape().IsMatch(code.Trim());

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    [GeneratedRegex("^[A-Za-z][0-9][A-Za-z0-9](\\.[A-Za-z0-9]{1,4})?$")]
    private static partial Regex Shape();
}

public static class Vocabulary
{
    public static bool Contains(IReadOnlyList<string> codes, string? code) => code is not null && codes.Contains(code, StringComparer.Ordinal);

    public static string Describe(IReadOnlyList<string> codes) => string.Join(", ", codes);
}
