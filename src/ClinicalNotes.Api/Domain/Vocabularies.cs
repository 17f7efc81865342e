namespace ClinicalNotes.Api.Domain;

/// <summary>The two kinds of note (API.md): a first visit's assessment, or a treatment visit.</summary>
public static class NoteKinds
{
    public const string InitialAssessment = "initial-assessment";
    public const string Treatment = "treatment";

    public static readonly IReadOnlyList<string> All = [InitialAssessment, Treatment];
}

/// <summary>Technique codes, the platform's shared vocabulary (API.md).</summary>
public static class Techniques
{
    public static readonly IReadOnlyList<string> All =
        ["swedish", "deep-tissue", "trigger-point", "myofascial-release", "neuromuscular", "lymphatic-drainage", "prenatal", "sports"];
}

/// <summary>
/// The body regions a treatment plan may name. One list, here: a massage therapist's treatment areas,
/// split by side where the two sides are treated and charted separately.
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
/// Why a note was read, recorded with every read (HIPAA: treatment, payment, health-care operations,
/// plus compliance audit). A read without a purpose is for treatment.
/// </summary>
public static class AccessPurposes
{
    public const string Treatment = "treatment";
    public static readonly IReadOnlyList<string> All = [Treatment, "payment", "operations", "audit"];

    public static bool IsKnown(string? purpose) => purpose is null || All.Contains(purpose, StringComparer.Ordinal);
}

public static class Vocabulary
{
    public static bool Contains(IReadOnlyList<string> codes, string? code) => code is not null && codes.Contains(code, StringComparer.Ordinal);

    public static string Describe(IReadOnlyList<string> codes) => string.Join(", ", codes);

    /// <summary>An unknown code as an error message may repeat it: short, so a 10 KB value is not echoed back.</summary>
    public static string Quote(string? code) => code is null ? string.Empty : code.Length <= 40 ? code : code[..40] + "...";
}
