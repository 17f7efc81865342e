namespace Platform.DemoChain;

/// <summary>National Provider Identifiers: 10 digits, the last a Luhn check digit over 80840 + the first nine.</summary>
public static class NpiNumbers
{
    public static bool IsValid(string? npi) =>
        npi is { Length: 10 } && npi.All(char.IsAsciiDigit) && CheckDigit(npi[..9]) == npi[9] - '0';

    /// <summary>The NPI whose first nine digits are <paramref name="firstNine"/>.</summary>
    public static string Complete(string firstNine) => firstNine + (char)('0' + CheckDigit(firstNine));

    private static int CheckDigit(string firstNine)
    {
        // Luhn over "80840" + the nine digits, doubling every second digit from the right of the payload
        // (the check digit's position is the rightmost, undoubled).
        var digits = "80840" + firstNine;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
        }

        return (10 - sum % 10) % 10;
    }
}
