namespace Referrals.Api.Domain;

public static class Instants
{
    /// <summary>An instant as PostgreSQL stores it (microseconds, UTC), so a value read back compares equal.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }
}
