namespace ClinicalNotes.Api.Domain;

/// <summary>What one signed note contributes to the outcome series.</summary>
public sealed record OutcomeSource(
    Guid NoteId, Guid AppointmentId, Guid? ReferralId, DateTimeOffset RecordedAt,
    int PainBefore, int PainAfter, IReadOnlyList<OutcomeMeasure> Measures);

public sealed record PainPoint(Guid NoteId, Guid AppointmentId, DateTimeOffset Date, int Before, int After);

public sealed record ScorePoint(Guid NoteId, Guid AppointmentId, DateTimeOffset Date, decimal Score);

/// <summary>
/// First against latest on one scale. <see cref="Change"/> is latest minus first, so negative is better on
/// every scale here; <see cref="Trend"/> is <c>improving</c> or <c>worsening</c> when the change reaches the
/// instrument's meaningful difference (points or percent of the first), otherwise <c>stable</c>.
/// </summary>
public sealed record Progress(decimal First, decimal Latest, decimal Change, decimal? PercentChange, string Trend, bool MeaningfulImprovement)
{
    public const string Improving = "improving";
    public const string Worsening = "worsening";
    public const string Stable = "stable";

    public static Progress Between(decimal first, decimal latest, OutcomeInstrument instrument)
    {
        var change = latest - first;
        decimal? percent = first == 0 ? null : Math.Round(change / first * 100, 1, MidpointRounding.AwayFromZero);
        var trend = Meaningful(-change, first, instrument) ? Improving : Meaningful(change, first, instrument) ? Worsening : Stable;
        return new Progress(first, latest, change, percent, trend, trend == Improving);
    }

    /// <summary>Whether a change by <paramref name="amount"/> in one direction reaches the meaningful difference.</summary>
    private static bool Meaningful(decimal amount, decimal first, OutcomeInstrument instrument) =>
        amount > 0 && (amount >= instrument.MeaningfulPoints || (first > 0 && amount / first * 100 >= instrument.MeaningfulPercent));
}

public sealed record PainSeries(IReadOnlyList<PainPoint> Points, Progress? Progress, decimal? AverageSessionRelief);

public sealed record MeasureSeries(string Instrument, string Name, decimal Min, decimal Max, IReadOnlyList<ScorePoint> Points, Progress Progress);

/// <summary>
/// A client's outcomes from signed notes, oldest first: the pain series (pain before each session is the
/// longitudinal measure; before/after shows each session's relief) and one series per outcome instrument,
/// each with first/latest/change/trend as the physician's progress report shows them.
/// </summary>
public sealed record OutcomeReport(Guid ClientId, Guid? ReferralId, int NotesSigned, DateTimeOffset? From, DateTimeOffset? To, PainSeries Pain, IReadOnlyList<MeasureSeries> Measures)
{
    public static OutcomeReport Build(Guid clientId, Guid? referralId, IReadOnlyList<OutcomeSource> sources)
    {
        var ordered = sources.OrderBy(s => s.RecordedAt).ThenBy(s => s.NoteId).ToList();

        var painPoints = ordered.Select(s => new PainPoint(s.NoteId, s.AppointmentId, s.RecordedAt, s.PainBefore, s.PainAfter)).ToList();
        var pain = new PainSeries(
            painPoints,
            painPoints.Count == 0 ? null : Progress.Between(painPoints[0].Before, painPoints[^1].Before, OutcomeInstruments.Pain),
            painPoints.Count == 0 ? null : Math.Round((decimal)painPoints.Average(p => p.Before - p.After), 1, MidpointRounding.AwayFromZero));

        var measures = new List<MeasureSeries>();
        foreach (var instrument in OutcomeInstruments.Measures)
        {
            var points = ordered
                .SelectMany(s => s.Measures.Where(m => m.Instrument == instrument.Code)
                    .Select(m => new ScorePoint(s.NoteId, s.AppointmentId, s.RecordedAt, m.Score)))
                .ToList();
            if (points.Count == 0) continue;
            measures.Add(new MeasureSeries(instrument.Code, instrument.Name, instrument.Min, instrument.Max, points,
                Progress.Between(points[0].Score, points[^1].Score, instrument)));
        }

        return new OutcomeReport(clientId, referralId, ordered.Count, ordered.FirstOrDefault()?.RecordedAt, ordered.LastOrDefault()?.RecordedAt, pain, measures);
    }
}
