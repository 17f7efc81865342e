using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduling.Api.Domain;

/// <summary>
/// The lower-case code of an enumeration value, exactly as it travels in JSON (API.md) and as it is
/// stored in the database: <c>treatment-30</c>, <c>checked-in</c>, <c>lymphatic-drainage</c>. One
/// mapping for the wire and the tables, so SQL and JSON never disagree.
/// </summary>
public static class WireCode<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Codes = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(
            f => (TEnum)f.GetValue(null)!,
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(f.Name));

    private static readonly FrozenDictionary<string, TEnum> Values = Codes.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All { get; } = Codes.Values.Order(StringComparer.Ordinal).ToArray();

    public static string Of(TEnum value) => Codes[value];

    public static TEnum Parse(string code) =>
        Values.TryGetValue(code, out var value) ? value : throw new FormatException($"'{code}' is not a {typeof(TEnum).Name} code.");
}
