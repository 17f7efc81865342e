namespace Referrals.Api.Domain;

/// <summary>
/// Where a prescription stands (lower-case codes on the wire). Four are stored, because a person decides them:
/// <see cref="Submitted"/>, <see cref="Active"/> (accepting it links the client and activates it),
/// <see cref="Rejected"/> and <see cref="Completed"/>. The others are what an active referral looks like on a
/// given day (<see cref="ReferralState.StatusOn"/>): <see cref="Accepted"/> before its start date,
/// <see cref="Expired"/> after its expiry date, <see cref="Exhausted"/> while every authorized visit is used or
/// held. They follow from dates and counts, so they change back by themselves when a hold is released.
/// </summary>
public enum ReferralStatus
{
    Submitted,
    Accepted,
    Rejected,
    Active,
    Exhausted,
    Expired,
    Completed,
}

public static class ReferralStatuses
{
    /// <summary>The statuses stored in <c>referrals.status</c>.</summary>
    public static readonly IReadOnlyList<ReferralStatus> Stored =
        [ReferralStatus.Submitted, ReferralStatus.Active, ReferralStatus.Rejected, ReferralStatus.Completed];

    public static string Code(this ReferralStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out ReferralStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReferralStatus>())
        {
            if (string.Equals(candidate.Code(), code, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static string Describe() => string.Join(", ", Enum.GetValues<ReferralStatus>().Select(Code));
}
