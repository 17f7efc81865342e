using Platform.ServiceDefaults.Problems;

namespace Referrals.Api.Domain;

/// <summary>
/// A booked appointment's claim on one visit. <see cref="Held"/> lapses at its expiry unless confirmed;
/// <see cref="Confirmed"/> keeps the visit until the appointment is completed (<see cref="Consumed"/>) or
/// cancelled (<see cref="Released"/>). <see cref="Expired"/> is a lapsed hold once the service has noticed it.
/// </summary>
public enum HoldState
{
    Held,
    Confirmed,
    Consumed,
    Released,
    Expired,
}

/// <param name="ExpiresAt">When an unconfirmed hold lapses; null once confirmed.</param>
public sealed record VisitHold(Guid AppointmentId, HoldState State, DateOnly VisitDate, DateTimeOffset? ExpiresAt)
{
    /// <summary>Whether the hold takes a visit at <paramref name="now"/>: confirmed, consumed, or held and not yet lapsed.</summary>
    public bool Counts(DateTimeOffset now) =>
        State is HoldState.Confirmed or HoldState.Consumed || (State == HoldState.Held && ExpiresAt > now);
}

/// <summary>What the hold rules need to know about a referral.</summary>
/// <param name="Status">The stored status (submitted, active, rejected, completed).</param>
public sealed record HoldTerms(ReferralStatus Status, Guid? ClientId, DateOnly StartDate, DateOnly ExpiresOn);

/// <summary>An appointment asking for a visit on its location-local date.</summary>
public sealed record VisitSlot(Guid AppointmentId, DateOnly VisitDate);

public enum HoldAction
{
    /// <summary>The appointment already holds a visit for this date: nothing to do (idempotent).</summary>
    Keep,
    /// <summary>Take a new visit.</summary>
    Hold,
    /// <summary>The appointment holds a visit for another date (rescheduled): move the hold to this date.</summary>
    Move,
}

public sealed record PlannedHold(VisitSlot Slot, HoldAction Action);

/// <summary>
/// The rules of counted visits. A visit is held only on an active referral, for the appointment of the
/// referral's client, on a visit date from the start date to the expiry date (both included), while used +
/// held &lt; authorized. A series is held all or nothing. Every refusal names its code and, per date, why.
/// </summary>
public static class ReferralRules
{
    public const string NotActive = "referral_not_active";
    public const string NotStarted = "referral_not_started";
    public const string Expired = "referral_expired";
    public const string Exhausted = "referral_exhausted";
    public const string ClientMismatch = "referral_client_mismatch";
    public const string HoldReleased = "hold_released";
    public const string VisitConsumed = "visit_consumed";
    public const string IllegalTransition = "illegal_transition";

    /// <summary>
    /// What to do for each slot, earliest date first (the earliest dates get the remaining visits), or a refusal
    /// naming every failing date as <c>"YYYY-MM-DD: code"</c>; its code is the first failing date's.
    /// </summary>
    /// <param name="account">The counts at <paramref name="now"/> (lapsed holds no longer counted).</param>
    /// <param name="existing">The holds the slots' appointments already have on this referral.</param>
    public static IReadOnlyList<PlannedHold> PlanHolds(HoldTerms terms, VisitAccount account, Guid clientId,
        IReadOnlyList<VisitSlot> slots, IReadOnlyDictionary<Guid, VisitHold> existing, DateTimeOffset now)
    {
        EnsureBookable(terms);
        if (terms.ClientId != clientId)
        {
            throw new BusinessRuleException(ClientMismatch, [$"client:{clientId}"],
                "This referral was accepted for another client; book the appointment on the client's own referral.");
        }

        var remaining = account.Remaining;
        var plan = new List<PlannedHold>(slots.Count);
        var failures = new List<(VisitSlot Slot, string Code)>();
        foreach (var slot in slots.OrderBy(s => s.VisitDate).ThenBy(s => s.AppointmentId))
        {
            if (existing.TryGetValue(slot.AppointmentId, out var hold) && hold.Counts(now))
            {
                if (hold.VisitDate == slot.VisitDate || hold.State == HoldState.Consumed)
                {
                    plan.Add(new PlannedHold(slot, HoldAction.Keep));
                }
                else if (DateRefusal(terms, slot.VisitDate) is { } moveRefused)
                {
                    failures.Add((slot, moveRefused));
                }
                else
                {
                    plan.Add(new PlannedHold(slot, HoldAction.Move));
                }

                continue;
            }

            var refused = DateRefusal(terms, slot.VisitDate) ?? (remaining == 0 ? Exhausted : null);
            if (refused is not null)
            {
                failures.Add((slot, refused));
                continue;
            }

            remaining--;
            plan.Add(new PlannedHold(slot, HoldAction.Hold));
        }

        if (failures.Count > 0)
        {
            throw new BusinessRuleException(failures[0].Code,
                failures.Select(f => $"{IsoDate.Of(f.Slot.VisitDate)}: {f.Code}").ToList(),
                "Nothing was held. " + string.Join("; ", failures.Select(f => $"{IsoDate.Of(f.Slot.VisitDate)}: {Explain(f.Code, terms, account)}")) + ".");
        }

        return plan;
    }

    /// <summary>
    /// The state a confirmation moves the hold to, or null when it is already confirmed or consumed. A lapsed
    /// hold is held again if the referral still allows it (same rules as a new hold); a released one is not.
    /// </summary>
    public static HoldState? Confirm(VisitHold hold, HoldTerms terms, VisitAccount account, DateTimeOffset now)
    {
        if (hold.State is HoldState.Confirmed or HoldState.Consumed) return null;
        if (hold.State == HoldState.Released) throw Released(hold);
        if (!hold.Counts(now))
        {
            EnsureBookable(terms);
            if ((DateRefusal(terms, hold.VisitDate) ?? (account.Remaining == 0 ? Exhausted : null)) is { } refused)
            {
                throw new BusinessRuleException(refused, [$"{IsoDate.Of(hold.VisitDate)}: {refused}"],
                    $"The hold lapsed before it was confirmed and cannot be taken again: {Explain(refused, terms, account)}.");
            }
        }

        return HoldState.Confirmed;
    }

    /// <summary>
    /// The state consuming the visit moves the hold to, or null when it is already consumed. The appointment took
    /// place, so a lapsed hold takes a visit again if one is free, whatever the dates; a released one is refused.
    /// </summary>
    public static HoldState? Consume(VisitHold hold, HoldTerms terms, VisitAccount account, DateTimeOffset now)
    {
        if (hold.State == HoldState.Consumed) return null;
        if (hold.State == HoldState.Released) throw Released(hold);
        if (!hold.Counts(now) && account.Remaining == 0)
        {
            throw new BusinessRuleException(Exhausted, [$"{IsoDate.Of(hold.VisitDate)}: {Exhausted}"],
                $"The hold lapsed before the visit and {Explain(Exhausted, terms, account)}.");
        }

        return HoldState.Consumed;
    }

    /// <summary>The state releasing moves the hold to, or null when there is nothing to release. A consumed visit stays used.</summary>
    public static HoldState? Release(VisitHold? hold)
    {
        return hold?.State switch
        {
            HoldState.Held or HoldState.Confirmed => HoldState.Released,
            HoldState.Consumed => throw new BusinessRuleException(VisitConsumed, [$"appointment:{hold.AppointmentId}"],
                "This appointment's visit was already consumed (the appointment was completed); a used visit is not given back."),
            _ => null,
        };
    }

    private static void EnsureBookable(HoldTerms terms)
    {
        if (terms.Status != ReferralStatus.Active)
        {
            throw new BusinessRuleException(NotActive, [$"status:{terms.Status.Code()}"],
                $"This referral is {terms.Status.Code()}; visits can be held only on an accepted referral.");
        }
    }

    private static string? DateRefusal(HoldTerms terms, DateOnly visitDate) =>
        visitDate < terms.StartDate ? NotStarted : visitDate > terms.ExpiresOn ? Expired : null;

    private static BusinessRuleException Released(VisitHold hold) =>
        new(HoldReleased, [$"appointment:{hold.AppointmentId}"],
            "This hold was released (the booking was cancelled or failed); hold the visit again (HoldVisit) instead of confirming or consuming it.");

    private static string Explain(string code, HoldTerms terms, VisitAccount account) => code switch
    {
        NotStarted => $"the prescription starts on {IsoDate.Of(terms.StartDate)}",
        Expired => $"the prescription expires on {IsoDate.Of(terms.ExpiresOn)}",
        Exhausted => $"all {account.Authorized} authorized visits are used or held; ask the physician for a new prescription",
        _ => code,
    };
}
