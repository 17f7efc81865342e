namespace Referrals.Api.Domain;

/// <summary>
/// Which day it is, for what a referral shows (status and warnings). Referrals does not know where the viewer
/// is, so "today" is the earliest calendar date anywhere (UTC-12): a prescription is shown expired only once
/// its expiry date has passed for every clinic. Callers that know the location's date pass it (<c>?on=</c>,
/// <c>GetAuthorization.on</c>). Holds never use this: they are judged on the visit's own local date.
/// </summary>
public static class ReferralCalendar
{
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime.AddHours(-12));
}
