using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Platform.ServiceDefaults.Json;

/// <summary>
/// Instants on the wire are ISO 8601 with an explicit offset (<c>2026-03-09T09:00:00-04:00</c> or
/// <c>...Z</c>). The default reader would take <c>2026-03-09T09:00:00</c> as the server's local time,
/// which for a clinic in another zone books the wrong hour; here it is refused (400 naming the field).
/// Written with the offset the value carries, which for appointments is the location's.
/// </summary>
public sealed partial class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is not null && text.Length <= 40 && WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        throw new JsonException("Expected an instant with its offset, for example 2026-03-09T09:00:00-04:00.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture));
}
