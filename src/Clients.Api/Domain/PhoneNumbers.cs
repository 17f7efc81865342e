namespace Clients.Api.Domain;

/// <summary>
/// Phone numbers are stored in E.164 (<c>+13055550142</c>), so "(305) 555-0142", "305.555.0142" and
/// "+1 305 555 0142" are one number for search. A number without a leading + is North American
/// (10 digits, or 11 starting with 1); any other country needs + and its country code.
/// </summary>
public static class PhoneNumbers
{
    public const int MaxInputLength = 30;

    public const string Rule =
        "Must be a phone number with its area code: 10 digits such as (305) 555-0142, or + and the country code such as +44 20 7946 0958.";

    /// <summary>The E.164 form, or null when the text is not a phone number.</summary>
    public static string? ToE164(string text)
    {
        var input = text.Trim();
        if (input.Length == 0 || input.Length > MaxInputLength) return null;
        var international = input[0] == '+';
        Span<char> digits = stackalloc char[MaxInputLength];
        var count = 0;
        foreach (var c in input.AsSpan(international ? 1 : 0))
        {
            if (char.IsAsciiDigit(c)) digits[count++] = c;
            else if (!IsFormatting(c)) return null;
        }

        var number = new string(digits[..count]);
        if (!international)
        {
            if (number.Length == 11 && number[0] == '1') number = number[1..];
            if (number.Length != 10) return null;
            number = "1" + number;
        }

        if (number.Length is < 8 or > 15 || number[0] == '0') return null;
        // North American numbering: ten digits after the 1, and an area code that does not start with 0 or 1.
        if (number[0] == '1' && (number.Length != 11 || number[1] is '0' or '1')) return null;
        return "+" + number;
    }

    /// <summary>Search text made only of digits and phone punctuation, with enough digits to be a number.</summary>
    public static bool LooksLikePhone(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (!IsFormatting(c) && c != '+') return false;
        }

        return digits >= 7;
    }

    private static bool IsFormatting(char c) => c is ' ' or '-' or '.' or '(' or ')';
}
