using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.ServiceDefaults.Json;

/// <summary>
/// Wire conventions from API.md: camelCase properties, lower-case kebab codes for enumerations
/// (<c>lymphatic-drainage</c>, <c>checked-in</c>), dates as <c>YYYY-MM-DD</c>, local times as <c>HH:mm</c>,
/// instants always with their offset.
/// </summary>
public static class PlatformJson
{
    public static readonly JsonSerializerOptions Web = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new LocalTimeJsonConverter());
        options.Converters.Add(new InstantJsonConverter());
        return options;
    }
}

/// <summary>Reads <c>HH:mm</c> or <c>HH:mm:ss</c>; writes <c>HH:mm</c> (seconds only when present).</summary>
public sealed class LocalTimeJsonConverter : JsonConverter<TimeOnly>
{
    private static readonly string[] Formats = ["HH:mm", "HH:mm:ss"];

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is not null && TimeOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        throw new JsonException("Expected a local time as HH:mm, for example 09:30.");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Second == 0 ? value.ToString("HH:mm", CultureInfo.InvariantCulture) : value.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
}
