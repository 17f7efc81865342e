namespace Referrals.Api.Domain;

/// <summary>
/// National Provider Identifier: 10 digits, the last a Luhn check digit computed over the prefix 80840 and the
/// first nine digits (1234567893 is valid). Same rule as Credentials and Clients (each service owns its copy).
/// </summary>
public static class Npi
{
    public const string Rule = "Must be a 10-digit NPI whose last digit is the Luhn check digit over 80840 and the first nine digits, for example 1234567893.";

    public static bool IsValid(string? npi)
    {
        if (npi is not { Length: 10 } || !npi.All(char.IsAsciiDigit)) return false;

        // Luhn over "80840" + all ten digits: with the check digit in place the total is a multiple of 10.
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
