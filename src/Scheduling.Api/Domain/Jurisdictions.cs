using System.Collections.Frozen;

namespace Scheduling.Api.Domain;

/// <summary>
/// Where a location's practitioners must be licensed: ISO 3166-2 codes of the US states and the
/// District of Columbia, and of the Canadian provinces and territories (the boards that license
/// massage therapists).
/// </summary>
public static class Jurisdictions
{
    private static readonly string[] UsStates =
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
        "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
        "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
    ];

    private static readonly string[] CanadianProvinces = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"];

    public static readonly FrozenSet<string> All =
        UsStates.Select(s => "US-" + s).Concat(CanadianProvinces.Select(p => "CA-" + p)).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The canonical upper-case code (<c>us-fl</c> becomes <c>US-FL</c>), or null when it is not one of <see cref="All"/>.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null || code.Length != 5) return null;
        var upper = code.ToUpperInvariant();
        return All.Contains(upper) ? upper : null;
    }
}
