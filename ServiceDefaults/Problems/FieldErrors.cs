using System.Text;
using FluentValidation.Results;

namespace Platform.ServiceDefaults.Problems;

/// <summary>Field names on the wire are camelCase paths: <c>insurance.memberId</c>, <c>openingHours[0].opens</c>.</summary>
public static class FieldErrors
{
    public static Dictionary<string, string[]> From(IEnumerable<ValidationFailure> failures) =>
        failures
            .GroupBy(f => ToWirePath(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());

    public static string ToWirePath(string? propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath)) return "$";
        var result = new StringBuilder(propertyPath.Length);
        var startOfSegment = true;
        foreach (var c in propertyPath)
        {
            result.Append(startOfSegment ? char.ToLowerInvariant(c) : c);
            startOfSegment = c == '.';
        }

        return result.ToString();
    }

    public static string FromJsonPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return "$";
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return ToWirePath(path);
    }
}
