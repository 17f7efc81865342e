using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClinicalNotes.Api.Domain;

/// <summary>Everything a signature covers: who, when, where in the client's chain, and what the note says.</summary>
public sealed record SealedNote(
    Guid NoteId,
    Guid ClientId,
    Guid AppointmentId,
    Guid? ReferralId,
    string Kind,
    string AuthorId,
    string SignedBy,
    DateTimeOffset SignedAt,
    int Sequence,
    string? PreviousHash,
    NoteContent Content);

/// <summary>
/// The canonical serialization of a signed note and its SHA-256. Form 1, which must never change (a new
/// form gets a new number, and old notes keep theirs):
/// <list type="bullet">
/// <item>One JSON object, UTF-8, no whitespace, members in exactly this order:
/// <c>form, noteId, clientId, appointmentId, referralId, kind, authorId, signedBy, signedAt, sequence,
/// previousHash, subjective{chiefComplaint, painBefore}, objective{posture, rangeOfMotion[{joint, movement,
/// degrees}], palpation}, assessment, plan{techniques[], bodyRegions[], homeCare}, painAfter,
/// outcomeMeasures[{instrument, score}]</c>. Absent values are <c>null</c>, never omitted.</item>
/// <item>Ids as lower-case hyphenated UUIDs. Instants in UTC with exactly six fractional digits
/// (PostgreSQL keeps microseconds): <c>2025-03-04T14:05:09.123456Z</c>.</item>
/// <item>Integers in invariant culture; scores as the shortest decimal without trailing zeros
/// (<c>45</c>, <c>45.5</c>), never an exponent.</item>
/// <item>Strings exactly as stored (no trimming, no Unicode normalization), escaped as JSON with only
/// <c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c> and <c>\u00XX</c> (lower-case hex) for other control
/// characters; every other character is written as itself.</item>
/// <item>Where order carries no meaning it is sorted by ordinal comparison: range of motion by joint then
/// movement, techniques, body regions, outcome measures by instrument.</item>
/// </list>
/// The hash is the lower-case hex SHA-256 of those bytes; because <c>previousHash</c> is inside, each
/// signed note seals the one before it.
/// </summary>
public static class CanonicalNote
{
    public const int Form = 1;

    public static string Serialize(SealedNote note)
    {
        var c = note.Content;
        var json = new CanonicalJsonWriter();
        json.StartObject();
        json.Number("form", Form);
        json.String("noteId", Id(note.NoteId));
        json.String("clientId", Id(note.ClientId));
        json.String("appointmentId", Id(note.AppointmentId));
        json.String("referralId", note.ReferralId is { } referral ? Id(referral) : null);
        json.String("kind", note.Kind);
        json.String("authorId", note.AuthorId);
        json.String("signedBy", note.SignedBy);
        json.String("signedAt", Instant(note.SignedAt));
        json.Number("sequence", note.Sequence);
        json.String("previousHash", note.PreviousHash);

        json.StartObject("subjective");
        json.String("chiefComplaint", c.Subjective.ChiefComplaint);
        json.Number("painBefore", c.Subjective.PainBefore);
        json.EndObject();

        json.StartObject("objective");
        json.String("posture", c.Objective.Posture);
        json.StartArray("rangeOfMotion");
        foreach (var r in c.Objective.RangeOfMotion.OrderBy(r => r.Joint, StringComparer.Ordinal).ThenBy(r => r.Movement, StringComparer.Ordinal))
        {
            json.StartObject();
            json.String("joint", r.Joint);
            json.String("movement", r.Movement);
            json.Number("degrees", r.Degrees);
            json.EndObject();
        }

        json.EndArray();
        json.String("palpation", c.Objective.Palpation);
        json.EndObject();

        json.String("assessment", c.Assessment);

        json.StartObject("plan");
        json.Strings("techniques", c.Plan.Techniques.Order(StringComparer.Ordinal));
        json.Strings("bodyRegions", c.Plan.BodyRegions.Order(StringComparer.Ordinal));
        json.String("homeCare", c.Plan.HomeCare);
        json.EndObject();

        json.Number("painAfter", c.PainAfter);

        json.StartArray("outcomeMeasures");
        foreach (var m in c.OutcomeMeasures.OrderBy(m => m.Instrument, StringComparer.Ordinal))
        {
            json.StartObject();
            json.String("instrument", m.Instrument);
            json.Decimal("score", m.Score);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }

    public static string Hash(SealedNote note) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Serialize(note))));

    /// <summary>PostgreSQL's precision: an instant is hashed as it will read back from the database.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A deliberately small JSON writer whose output is fixed by the rules above, not by a library version.</summary>
    private sealed class CanonicalJsonWriter
    {
        private readonly StringBuilder _text = new();
        private bool _first = true;

        public void StartObject(string? name = null) => Open(name, '{');
        public void EndObject() => Close('}');
        public void StartArray(string name) => Open(name, '[');
        public void EndArray() => Close(']');

        public void String(string name, string? value)
        {
            Name(name);
            Value(value);
        }

        public void Strings(string name, IEnumerable<string> values)
        {
            StartArray(name);
            foreach (var value in values)
            {
                Separator();
                Value(value);
            }

            EndArray();
        }

        public void Number(string name, int? value)
        {
            Name(name);
            _text.Append(value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null");
        }

        public void Decimal(string name, decimal value)
        {
            Name(name);
            _text.Append(value.ToString("0.############################", CultureInfo.InvariantCulture));
        }

        public override string ToString() => _text.ToString();

        private void Open(string? name, char bracket)
        {
            if (name is null) Separator();
            else Name(name);
            _text.Append(bracket);
            _first = true;
        }

        private void Close(char bracket)
        {
            _text.Append(bracket);
            _first = false;
        }

        private void Name(string name)
        {
            Separator();
            Escape(name);
            _text.Append(':');
        }

        private void Separator()
        {
            if (!_first) _text.Append(',');
            _first = false;
        }

        private void Value(string? value)
        {
            if (value is null) _text.Append("null");
            else Escape(value);
        }

        private void Escape(string value)
        {
            _text.Append('"');
            foreach (var ch in value)
            {
                switch (ch)
                {
                    case '"': _text.Append("\\\""); break;
                    case '\\': _text.Append("\\\\"); break;
                    case '\b': _text.Append("\\b"); break;
                    case '\f': _text.Append("\\f"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    case '\t': _text.Append("\\t"); break;
                    case < ' ': _text.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture)); break;
                    default: _text.Append(ch); break;
                }
            }

            _text.Append('"');
        }
    }
}
