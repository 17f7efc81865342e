using System.Globalization;
using Platform.ServiceDefaults.Problems;

namespace Scheduling.Api.Apis;

/// <summary>
/// Query-string values read strictly, so a malformed one is a 400 naming the parameter (the framework's
/// own binding would answer a bare 400 without saying which).
/// </summary>
internal static class QueryValues
{
    public static Guid? Id(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return Guid.TryParse(value, out var id) ? id : throw new InvalidInputException(name, "Must be a UUID.");
    }

    public static IReadOnlyList<Guid> Ids(string[]? values, string name) =>
        (values ?? []).Select(v => Id(v, name) ?? throw new InvalidInputException(name, "Must be a UUID.")).Distinct().ToList();

    public static DateOnly? Date(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidInputException(name, "Must be a date as YYYY-MM-DD.");
    }

    public static int? Int(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidInputException(name, "Must be a whole number.");
    }

    public static TEnum? Code<TEnum>(string? value, string name) where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value)) return null;
        return Domain.WireCode<TEnum>.All.Contains(value, StringComparer.Ordinal)
            ? Domain.WireCode<TEnum>.Parse(value)
            : throw new InvalidInputException(name, $"Must be one of: {string.Join(", ", Domain.WireCode<TEnum>.All)}.");
    }
}
