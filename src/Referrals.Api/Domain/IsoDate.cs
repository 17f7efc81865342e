using System.Globalization;

namespace Referrals.Api.Domain;

/// <summary>Dates on the wire, in gRPC fields and in reasons: <c>YYYY-MM-DD</c>, whatever the server's culture.</summary>
public static class IsoDate
{
    private const string Format = "yyyy-MM-dd";

    public static string Of(DateOnly date) => date.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
