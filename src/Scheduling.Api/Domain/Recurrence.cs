namespace Scheduling.Api.Domain;

/// <summary>Dates of weekly repetitions: shift patterns and appointment series.</summary>
public static class Recurrence
{
    /// <summary>Every date from <paramref name="from"/> to <paramref name="to"/> (inclusive) that falls on one of the days.</summary>
    public static IReadOnlyList<DateOnly> Between(DateOnly from, DateOnly to, IReadOnlyCollection<DayOfWeek> days)
    {
        var dates = new List<DateOnly>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (days.Contains(date.DayOfWeek)) dates.Add(date);
        }

        return dates;
    }

    /// <summary>
    /// The first <paramref name="count"/> dates on or after <paramref name="first"/> that fall on one of the
    /// days, or every such date up to <paramref name="until"/> (inclusive). Exactly one of the two is given.
    /// </summary>
    public static IReadOnlyList<DateOnly> Series(DateOnly first, IReadOnlyCollection<DayOfWeek> days, int? count, DateOnly? until)
    {
        if (days.Count == 0) return [];
        if (until is { } last) return Between(first, last, days);
        var dates = new List<DateOnly>(count ?? 0);
        for (var date = first; dates.Count < (count ?? 0); date = date.AddDays(1))
        {
            if (days.Contains(date.DayOfWeek)) dates.Add(date);
        }

        return dates;
    }
}
