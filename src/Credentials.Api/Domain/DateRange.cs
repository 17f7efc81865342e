namespace Credentials.Api.Domain;

/// <summary>Whole days from <see cref="From"/> to <see cref="To"/>, both included.</summary>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public bool IsEmpty => To < From;

    public bool Contains(DateOnly day) => From <= day && day <= To;

    public DateRange Intersect(DateRange other) =>
        new(From > other.From ? From : other.From, To < other.To ? To : other.To);

    public override string ToString() => $"{IsoDate.Of(From)}..{IsoDate.Of(To)}";

    /// <summary>The union of ranges as disjoint, sorted ranges; ranges that touch (day D and day D+1) merge.</summary>
    public static List<DateRange> Union(IEnumerable<DateRange> ranges)
    {
        var result = new List<DateRange>();
        foreach (var range in ranges.Where(r => !r.IsEmpty).OrderBy(r => r.From))
        {
            if (result.Count > 0 && range.From.DayNumber <= result[^1].To.DayNumber + 1)
            {
                var last = result[^1];
                result[^1] = last with { To = range.To > last.To ? range.To : last.To };
            }
            else
            {
                result.Add(range);
            }
        }

        return result;
    }

    /// <summary>The days in both sets of disjoint, sorted ranges.</summary>
    public static List<DateRange> Intersect(IReadOnlyList<DateRange> left, IReadOnlyList<DateRange> right)
    {
        var result = new List<DateRange>();
        int i = 0, j = 0;
        while (i < left.Count && j < right.Count)
        {
            var both = left[i].Intersect(right[j]);
            if (!both.IsEmpty) result.Add(both);
            if (left[i].To < right[j].To) i++;
            else j++;
        }

        return result;
    }
}
