namespace ClinicalNotes.Api.Domain;

public static class FreeText
{
    /// <summary>
    /// Whether PostgreSQL can store the text as written: no NUL character and no unpaired UTF-16 surrogate
    /// (either would fail the insert, or be silently replaced and so change what was signed).
    /// </summary>
    public static bool IsStorable(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
