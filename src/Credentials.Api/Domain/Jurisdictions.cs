namespace Credentials.Api.Domain;

/// <summary>
/// A licensing jurisdiction: an ISO 3166-2 subdivision where the chain operates (the US states, DC, and the
/// Canadian provinces and territories).
/// </summary>
/// <param name="TimeZoneId">
/// The IANA zone whose calendar day ends last in the jurisdiction (its westernmost zone). A licence that
/// expires on day D covers all of D everywhere in the jurisdiction, so it turns lapsed only once D is over
/// in this zone.
/// </param>
public sealed record Jurisdiction(string Code, string Name, string TimeZoneId)
{
    private readonly Lazy<TimeZoneInfo> _zone = new(() => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId));

    /// <summary>The calendar day in this jurisdiction at an instant (see <see cref="TimeZoneId"/>).</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone.Value).DateTime);
}

public static class Jurisdictions
{
    public const string FormatMessage =
        "Must be the ISO 3166-2 code of a US state, DC, or a Canadian province or territory, for example US-FL or CA-ON.";

    public static readonly IReadOnlyList<Jurisdiction> All =
    [
        new("US-AL", "Alabama", "America/Chicago"),
        new("US-AK", "Alaska", "America/Adak"),
        new("US-AZ", "Arizona", "America/Phoenix"),
        new("US-AR", "Arkansas", "America/Chicago"),
        new("US-CA", "California", "America/Los_Angeles"),
        new("US-CO", "Colorado", "America/Denver"),
        new("US-CT", "Connecticut", "America/New_York"),
        new("US-DE", "Delaware", "America/New_York"),
        new("US-DC", "District of Columbia", "America/New_York"),
        new("US-FL", "Florida", "America/Chicago"),
        new("US-GA", "Georgia", "America/New_York"),
        new("US-HI", "Hawaii", "Pacific/Honolulu"),
        new("US-ID", "Idaho", "America/Los_Angeles"),
        new("US-IL", "Illinois", "America/Chicago"),
        new("US-IN", "Indiana", "America/Chicago"),
        new("US-IA", "Iowa", "America/Chicago"),
        new("US-KS", "Kansas", "America/Denver"),
        new("US-KY", "Kentucky", "America/Chicago"),
        new("US-LA", "Louisiana", "America/Chicago"),
        new("US-ME", "Maine", "America/New_York"),
        new("US-MD", "Maryland", "America/New_York"),
        new("US-MA", "Massachusetts", "America/New_York"),
        new("US-MI", "Michigan", "America/Menominee"),
        new("US-MN", "Minnesota", "America/Chicago"),
        new("US-MS", "Mississippi", "America/Chicago"),
        new("US-MO", "Missouri", "America/Chicago"),
        new("US-MT", "Montana", "America/Denver"),
        new("US-NE", "Nebraska", "America/Denver"),
        new("US-NV", "Nevada", "America/Los_Angeles"),
        new("US-NH", "New Hampshire", "America/New_York"),
        new("US-NJ", "New Jersey", "America/New_York"),
        new("US-NM", "New Mexico", "America/Denver"),
        new("US-NY", "New York", "America/New_York"),
        new("US-NC", "North Carolina", "America/New_York"),
        new("US-ND", "North Dakota", "America/Denver"),
        new("US-OH", "Ohio", "America/New_York"),
        new("US-OK", "Oklahoma", "America/Chicago"),
        new("US-OR", "Oregon", "America/Los_Angeles"),
        new("US-PA", "Pennsylvania", "America/New_York"),
        new("US-RI", "Rhode Island", "America/New_York"),
        new("US-SC", "South Carolina", "America/New_York"),
        new("US-SD", "South Dakota", "America/Denver"),
        new("US-TN", "Tennessee", "America/Chicago"),
        new("US-TX", "Texas", "America/Denver"),
        new("US-UT", "Utah", "America/Denver"),
        new("US-VT", "Vermont", "America/New_York"),
        new("US-VA", "Virginia", "America/New_York"),
        new("US-WA", "Washington", "America/Los_Angeles"),
        new("US-WV", "West Virginia", "America/New_York"),
        new("US-WI", "Wisconsin", "America/Chicago"),
        new("US-WY", "Wyoming", "America/Denver"),
        new("CA-AB", "Alberta", "America/Edmonton"),
        new("CA-BC", "British Columbia", "America/Vancouver"),
        new("CA-MB", "Manitoba", "America/Winnipeg"),
        new("CA-NB", "New Brunswick", "America/Moncton"),
        new("CA-NL", "Newfoundland and Labrador", "America/Goose_Bay"),
        new("CA-NS", "Nova Scotia", "America/Halifax"),
        new("CA-NT", "Northwest Territories", "America/Inuvik"),
        new("CA-NU", "Nunavut", "America/Cambridge_Bay"),
        new("CA-ON", "Ontario", "America/Winnipeg"),
        new("CA-PE", "Prince Edward Island", "America/Halifax"),
        new("CA-QC", "Quebec", "America/Toronto"),
        new("CA-SK", "Saskatchewan", "America/Edmonton"),
        new("CA-YT", "Yukon", "America/Whitehorse"),
    ];

    private static readonly Dictionary<string, Jurisdiction> ByCode = All.ToDictionary(j => j.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a jurisdiction by its ISO 3166-2 code, in any letter case.</summary>
    public static bool TryFind(string? code, out Jurisdiction jurisdiction)
    {
        jurisdiction = null!;
        return code is not null && ByCode.TryGetValue(code.Trim(), out jurisdiction!);
    }

    public static bool IsKnown(string? code) => TryFind(code, out _);

    public static Jurisdiction Get(string code) =>
        TryFind(code, out var jurisdiction) ? jurisdiction : throw new ArgumentException($"Unknown jurisdiction '{code}'.", nameof(code));
}
