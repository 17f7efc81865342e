using System.Text.RegularExpressions;

namespace Clients.Api.Domain;

/// <summary>What the service accepts as a plausible value; the validators state these rules to the caller.</summary>
public static partial class InputRules
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PayerMaxLength = 100;
    public const int MemberIdMaxLength = 50;
    public const int HistoryItemMaxLength = 200;
    public const int HistoryMaxItems = 50;
    public const int ClearanceNoteMaxLength = 2000;
    public const int SearchMaxLength = 200;

    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    /// <summary>How far a device's clock may run ahead of ours before its "now" counts as the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The latest calendar date anywhere on Earth at this instant (UTC+14). A date after it is in the
    /// future wherever the clinic is; this service does not know the location's time zone.
    /// </summary>
    public static DateOnly LatestToday(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime.AddHours(14));

    public static bool IsPlausibleBirthDate(DateOnly date, DateTimeOffset now) => date >= EarliestBirthDate && date <= LatestToday(now);

    public static bool IsNotFuture(DateOnly date, DateTimeOffset now) => date <= LatestToday(now);

    public static bool IsNotFuture(DateTimeOffset instant, DateTimeOffset now) => instant <= now + ClockSkew;

    /// <summary>A name has at least one letter, and only letters, marks, spaces, hyphens, apostrophes and periods.</summary>
    public static bool IsName(string name) => NamePattern().IsMatch(name.Trim()) && SearchKeys.Normalize(name).Length > 0;

    public static bool IsEmail(string email) => EmailPattern().IsMatch(email);

    /// <summary>Free text of a health history or note: no control characters other than line breaks and tabs.</summary>
    public static bool IsPlainText(string text) => !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>Insurance member ids: letters, digits, spaces and hyphens.</summary>
    public static bool IsMemberId(string memberId) => MemberIdPattern().IsMatch(memberId);

    [GeneratedRegex(@"^[\p{L}\p{M}][\p{L}\p{M} .'\u2019-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[^@\s""(),:;<>\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 -]*$")]
    private static partial Regex MemberIdPattern();
}
