namespace Clients.Api.Domain;

/// <summary>National Provider Identifier: 10 digits, the last a Luhn check digit over 80840 and the first nine.</summary>
public static class Npi
{
    public const string Rule = "Must be a 10-digit NPI whose last digit is the Luhn check digit over 80840 and the first nine digits.";

    public static bool IsValid(string? npi)
    {
        if (npi is not { Length: 10 } || !npi.All(char.IsAsciiDigit)) return false;
        var payload = "80840" + npi[..9];
        var sum = 0;
        // The check digit will sit to the right of the payload, so the payload's last digit is doubled.
        var doubled = true;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var digit = payload[i] - '0';
            if (doubled)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }

            sum += digit;
            doubled = !doubled;
        }

        return (10 - sum % 10) % 10 == npi[9] - '0';
    }
}
