namespace Credentials.Api.Domain;

/// <summary>National Provider Identifier: 10 digits, the last a Luhn check digit over 80840 + the first nine.</summary>
public static class Npi
{
    public const string RuleMessage = "Must be a 10-digit NPI whose last digit is the Luhn check digit over 80840 + the first nine.";

    public static bool IsValid(string? npi)
    {
        if (npi is null || npi.Length != 10 || !npi.All(char.IsAsciiDigit)) return false;

        // Luhn over "80840" + all ten digits: the check digit makes the total a multiple of 10.
        var digits = "80840" + npi;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
