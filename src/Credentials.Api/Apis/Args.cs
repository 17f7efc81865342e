using System.Globalization;
using Credentials.Api.Domain;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Apis;

/// <summary>
/// Parses query-string and gRPC string arguments; a bad one is a 400 (INVALID_ARGUMENT) naming the field,
/// never an unnamed binding error.
/// </summary>
public static class Args
{
    public static DateOnly? Date(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return IsoDate.TryParse(value, out var date)
            ? date
            : throw new InvalidInputException(field, "Must be a real date as YYYY-MM-DD, for example 2025-03-14.");
    }

    public static Guid Guid(string? value, string field) =>
        System.Guid.TryParse(value, out var id) ? id : throw new InvalidInputException(field, "Must be a UUID, for example 0197a1f2-3c4d-7e5f-8a9b-0c1d2e3f4a5b.");

    public static Guid? OptionalGuid(string? value, string field) => string.IsNullOrEmpty(value) ? null : Guid(value, field);

    public static int? Int(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidInputException(field, "Must be a whole number.");
    }

    /// <summary>
    /// An instant as ISO 8601 with an offset, or a date (YYYY-MM-DD) meaning that whole UTC day: its start, or
    /// with <paramref name="endOfDay"/> the start of the next day (for an exclusive upper bound).
    /// </summary>
    public static DateTimeOffset? Instant(string? value, string field, bool endOfDay = false)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (IsoDate.TryParse(value, out var day))
        {
            return new DateTimeOffset((endOfDay ? day.AddDays(1) : day).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        // Only an instant that says its offset: a bare local time would be read in the server's zone.
        var time = value.IndexOf('T');
        var hasOffset = time > 0 && (value.EndsWith('Z') || value.IndexOfAny(['+', '-'], time) > 0);
        return hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.ToUniversalTime()
            : throw new InvalidInputException(field, "Must be a date (YYYY-MM-DD) or an instant with its offset (2025-03-14T09:30:00Z).");
    }
}
