using System.Globalization;
using Platform.ServiceDefaults.Problems;
using Referrals.Api.Domain;

namespace Referrals.Api.Apis;

/// <summary>
/// Parses query-string, header and gRPC string arguments; a bad one is a 400 (INVALID_ARGUMENT) naming the field,
/// never an unnamed binding error.
/// </summary>
public static class Args
{
    public static Guid Guid(string? value, string field) =>
        System.Guid.TryParse(value, out var id) && id != System.Guid.Empty
            ? id
            : throw new InvalidInputException(field, "Must be a UUID, for example 0197a1f2-3c4d-7e5f-8a9b-0c1d2e3f4a5b.");

    public static Guid? OptionalGuid(string? value, string field) => string.IsNullOrEmpty(value) ? null : Guid(value, field);

    public static DateOnly Date(string? value, string field) =>
        IsoDate.TryParse(value, out var date) ? date : throw new InvalidInputException(field, "Must be a real date as YYYY-MM-DD, for example 2026-03-14.");

    public static DateOnly? OptionalDate(string? value, string field) => string.IsNullOrEmpty(value) ? null : Date(value, field);

    public static int? Int(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidInputException(field, "Must be a whole number.");
    }

    /// <summary>
    /// The <c>Idempotency-Key</c> header: required on a submission, 1 to 255 printable ASCII characters (a UUID is a
    /// good key). The client makes one per referral and sends the same one when it retries.
    /// </summary>
    public static string IdempotencyKey(string? value)
    {
        const string Field = "Idempotency-Key";
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidInputException(Field, "Send an Idempotency-Key header (for example a new UUID) with every submission, and the same one when you retry it.");
        }

        if (value.Length > Referral.IdempotencyKeyMaxLength || value.Any(c => c is < '!' or > '~'))
        {
            throw new InvalidInputException(Field, $"Must be 1 to {Referral.IdempotencyKeyMaxLength} printable ASCII characters without spaces, for example a UUID.");
        }

        return value;
    }
}
