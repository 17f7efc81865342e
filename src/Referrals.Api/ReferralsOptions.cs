namespace Referrals.Api;

/// <summary>The <c>Referrals</c> configuration section.</summary>
public sealed class ReferralsOptions
{
    public const string SectionName = "Referrals";

    /// <summary>How long a visit hold lasts unless the booking confirms it (DESIGN.md: the reservation saga).</summary>
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
