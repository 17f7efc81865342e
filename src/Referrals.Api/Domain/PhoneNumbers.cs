namespace Referrals.Api.Domain;

/// <summary>
/// Phone and fax numbers are stored in E.164 (<c>+13055550142</c>). A number without a leading + is North
/// American: 10 digits, or 11 starting with 1. Spaces, hyphens, dots and parentheses are formatting.
/// </summary>
public static class PhoneNumbers
{
    public const int MaxInputLength = 30;

    public const string Rule = "Must be a phone number with its area code: 10 digits such as (305) 555-0142, or + and the country code such as +44 20 7946 0958.";

    /// <summary>The E.164 form, or null when the text is not a phone number.</summary>
    public static string? ToE164(string? text)
    {
        var input = text?.Trim();
        if (string.IsNullOrEmpty(input) || input.Length > MaxInputLength) return null;
        var international = input[0] == '+';
        var digits = new List<char>(16);
        foreach (var c in input.AsSpan(international ? 1 : 0))
        {
            if (char.IsAsciiDigit(c)) digits.Add(c);
            else if (c is not (' ' or '-' or '.' or '(' or ')')) return null;
        }

        var number = new string([.. digits]);
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
}
