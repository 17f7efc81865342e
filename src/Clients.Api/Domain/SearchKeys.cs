using System.Globalization;
using System.Text;

namespace Clients.Api.Domain;

/// <summary>
/// The normalized form of names that search and duplicate detection compare: lower case, accents and
/// apostrophes removed, every other run of punctuation or space turned into one space. "José", "JOSE"
/// and "jose" share one key; so do "O'Brien" and "obrien", "Smith-Jones" and "smith jones".
/// Computed here rather than with PostgreSQL's <c>unaccent()</c>, which is not immutable and so cannot
/// be indexed; the service stores the keys in columns that btree indexes serve for prefix search.
/// </summary>
public static class SearchKeys
{
    /// <summary>The key of a name or of search text.</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var key = new StringBuilder(decomposed.Length);
        var gap = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                || IsApostrophe(rune.Value))
            {
                continue;
            }

            if (!Rune.IsLetterOrDigit(rune))
            {
                gap = true;
                continue;
            }

            if (gap && key.Length > 0) key.Append(' ');
            gap = false;
            AppendFolded(key, Rune.ToLowerInvariant(rune));
        }

        return key.ToString();
    }

    /// <summary>"last first": what a last-name search (and "last first" input) matches, and the list order.</summary>
    public static string LastFirst(string firstName, string lastName) => Join(Normalize(lastName), Normalize(firstName));

    /// <summary>"first last": what a first-name search and "first last" input match.</summary>
    public static string FirstLast(string firstName, string lastName) => Join(Normalize(firstName), Normalize(lastName));

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/> in
    /// code-point order (PostgreSQL's "C" collation), so that a prefix search is the index range
    /// <c>key &gt;= prefix AND key &lt; upper</c>.
    /// </summary>
    public static string PrefixUpperBound(string prefix)
    {
        if (prefix.Length == 0) throw new ArgumentException("A prefix needs at least one character.", nameof(prefix));
        var last = Rune.GetRuneAt(prefix, prefix.Length - (char.IsLowSurrogate(prefix[^1]) ? 2 : 1));
        var next = last.Value + 1;
        if (next is >= 0xD800 and <= 0xDFFF) next = 0xE000;
        return string.Concat(prefix.AsSpan(0, prefix.Length - last.Utf16SequenceLength), new Rune(next).ToString());
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + " " + b;

    private static bool IsApostrophe(int c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`';

    private static void AppendFolded(StringBuilder key, Rune rune)
    {
        // Latin letters that carry no combining mark after decomposition but that people type without it.
        switch (rune.Value)
        {
            case 'ß': key.Append("ss"); break;
            case 'æ': key.Append("ae"); break;
            case 'œ': key.Append("oe"); break;
            case 'ø': key.Append('o'); break;
            case 'ł': key.Append('l'); break;
            case 'đ' or 'ð': key.Append('d'); break;
            case 'þ': key.Append("th"); break;
            case 'ı': key.Append('i'); break;
            default: key.Append(rune.ToString()); break;
        }
    }
}
