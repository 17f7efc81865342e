namespace Credentials.Api.Domain;

/// <summary>
/// The status a licence is given by its board, as stored. Lapsed is not one of them: it follows from the
/// expiry date (see <see cref="EffectiveLicenseStatus"/>) and can be neither stored nor set.
/// </summary>
public enum LicenseStatus
{
    Active,
    Suspended,
    Revoked,
}

/// <summary>What a licence is on a given day: its status, with an active licence past its expiry day shown as lapsed.</summary>
public enum EffectiveLicenseStatus
{
    Active,
    Lapsed,
    Suspended,
    Revoked,
}

/// <summary>
/// Where primary-source verification of a licence stands. The latest record (by the day the check was made;
/// on the same day, the one recorded last) decides: a later discrepancy makes a verified licence unverified
/// until a new check says verified again.
/// </summary>
public enum VerificationStatus
{
    /// <summary>No verification record yet.</summary>
    Unverified,
    Verified,
    Discrepancy,
}

public enum VerificationOutcome
{
    Verified,
    Discrepancy,
}

/// <summary>Wire codes of the statuses, for requests that name them.</summary>
public static class WireCodes
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A code known to be valid (as stored, where a CHECK constraint admits only these).</summary>
    public static TEnum Parse<TEnum>(string code) where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value) ? value : throw new FormatException($"'{code}' is not a {typeof(TEnum).Name} code.");

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return code is not null && code.All(char.IsAsciiLetterLower) && Enum.TryParse(code, ignoreCase: true, out value);
    }

    public static string AllowedMessage<TEnum>() where TEnum : struct, Enum =>
        $"Must be one of {string.Join(", ", Enum.GetValues<TEnum>().Select(Of))}.";
}
