namespace Credentials.Api.Domain;

/// <summary>The certifications the platform knows (API.md's shared vocabulary), as their wire codes.</summary>
public static class CertificationCodes
{
    public const string Ncbtmb = "NCBTMB";
    public const string Mld = "MLD";
    public const string Prenatal = "PRENATAL";

    public static readonly IReadOnlyList<string> All = [Ncbtmb, Mld, Prenatal];

    public static readonly string AllowedMessage = $"Must be one of {string.Join(", ", All)}.";

    /// <summary>The canonical (upper-case) code, or null when the code is unknown.</summary>
    public static string? Normalize(string? code) =>
        code is null ? null : All.FirstOrDefault(c => string.Equals(c, code.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>A massage technique and the certifications a practitioner must hold to perform it.</summary>
public sealed record Technique(string Code, IReadOnlyList<string> RequiredCertifications);

/// <summary>
/// THE technique → required certification table. Nothing else in the service decides which technique
/// needs which certification.
/// </summary>
public static class Techniques
{
    public static readonly IReadOnlyList<Technique> All =
    [
        new("swedish", []),
        new("deep-tissue", []),
        new("trigger-point", []),
        new("myofascial-release", []),
        new("neuromuscular", []),
        new("lymphatic-drainage", [CertificationCodes.Mld]),
        new("prenatal", [CertificationCodes.Prenatal]),
        new("sports", []),
    ];

    public static readonly string AllowedMessage = $"Must be one of {string.Join(", ", All.Select(t => t.Code))}, or empty.";

    private static readonly Dictionary<string, Technique> ByCode = All.ToDictionary(t => t.Code, StringComparer.Ordinal);

    /// <summary>No technique (empty or absent) is a treatment that needs no specialty certification.</summary>
    public static readonly Technique None = new(string.Empty, []);

    /// <summary>Finds a technique by its wire code; null or empty means <see cref="None"/>.</summary>
    public static bool TryFind(string? code, out Technique technique)
    {
        if (string.IsNullOrEmpty(code))
        {
            technique = None;
            return true;
        }

        technique = null!;
        return ByCode.TryGetValue(code, out technique!);
    }

    public static Technique Get(string? code) =>
        TryFind(code, out var technique) ? technique : throw new ArgumentException($"Unknown technique '{code}'.", nameof(code));
}
