namespace Referrals.Api.Domain;

/// <summary>
/// A scale a signed note records; lower is better on each. <see cref="MeaningfulPoints"/> /
/// <see cref="MeaningfulPercent"/>: the improvement a clinician counts as meaningful (either is enough). The same
/// thresholds as ClinicalNotes' outcome series (DOMAIN.md for pain and ODI; the published minimal clinically
/// important differences for NDI and FIQR).
/// </summary>
public sealed record OutcomeScale(string Code, string Name, decimal? MeaningfulPoints, decimal? MeaningfulPercent);

public static class OutcomeScales
{
    public static readonly OutcomeScale Pain = new("NPRS", "Numeric Pain Rating Scale", 2, 30);

    public static readonly IReadOnlyList<OutcomeScale> Measures =
    [
        new("ODI", "Oswestry Disability Index", 8, 18),
        new("NDI", "Neck Disability Index", 7.5m, null),
        new("FIQR", "Revised Fibromyalgia Impact Questionnaire", null, 14),
    ];

    /// <summary>The scale of a code; an instrument this service does not know yet is reported without a trend threshold.</summary>
    public static OutcomeScale Of(string code) => Measures.FirstOrDefault(m => m.Code == code) ?? new OutcomeScale(code, code, null, null);
}

/// <summary>What one signed note contributes to a referral's progress report (from a <c>NoteSigned</c> event).</summary>
public sealed record SignedNoteScores(
    Guid NoteId, Guid AppointmentId, string Kind, DateTimeOffset WrittenAt, DateTimeOffset SignedAt,
    int PainBefore, int PainAfter, IReadOnlyList<OutcomeScore> Measures);

public sealed record OutcomeScore(string Instrument, decimal Score);

/// <summary>
/// First against latest on one scale. <see cref="Change"/> is latest minus first, so negative is better;
/// <see cref="Trend"/> is <c>improving</c> or <c>worsening</c> when the change reaches the scale's meaningful
/// difference, otherwise <c>stable</c>.
/// </summary>
public sealed record Progress(decimal First, decimal Latest, decimal Change, decimal? PercentChange, string Trend, bool MeaningfulImprovement)
{
    public const string Improving = "improving";
    public const string Worsening = "worsening";
    public const string Stable = "stable";

    public static Progress Between(decimal first, decimal latest, OutcomeScale scale)
    {
        var change = latest - first;
        decimal? percent = first == 0 ? null : Math.Round(change / first * 100, 1, MidpointRounding.AwayFromZero);
        var trend = Meaningful(-change, first, scale) ? Improving : Meaningful(change, first, scale) ? Worsening : Stable;
        return new Progress(first, latest, change, percent, trend, trend == Improving);
    }

    private static bool Meaningful(decimal amount, decimal first, OutcomeScale scale) =>
        amount > 0 && (amount >= scale.MeaningfulPoints || (first > 0 && amount / first * 100 >= scale.MeaningfulPercent));
}

public sealed record PainSession(Guid NoteId, Guid AppointmentId, DateTimeOffset Date, int Before, int After);

/// <param name="Progress">Pain before the session, first visit against latest: the longitudinal measure.</param>
/// <param name="AverageSessionRelief">Mean of before minus after: what one session does.</param>
public sealed record PainSummary(PainSession First, PainSession Latest, Progress Progress, decimal AverageSessionRelief, IReadOnlyList<PainSession> Sessions);

public sealed record MeasureSummary(string Instrument, string Name, decimal First, DateTimeOffset FirstDate, decimal Latest, DateTimeOffset LatestDate,
    int Measurements, Progress Progress);

/// <summary>
/// The physician's view of how the patient is doing under one prescription, from the notes signed for it:
/// visits used, pain first/latest/trend, each outcome measure first/latest/trend, notes signed. Notes are taken
/// in visit order (when they were written), whatever order their events arrived in.
/// </summary>
public sealed record ProgressReport(
    Guid ReferralId, Guid? ClientId, Guid PhysicianId, ReferralStatus Status, VisitAccount Visits,
    int NotesSigned, DateTimeOffset? FirstVisit, DateTimeOffset? LatestVisit, PainSummary? Pain, IReadOnlyList<MeasureSummary> OutcomeMeasures)
{
    public static ProgressReport Build(Referral referral, ReferralStatus status, VisitAccount visits, IReadOnlyList<SignedNoteScores> notes)
    {
        var ordered = notes.OrderBy(n => n.WrittenAt).ThenBy(n => n.NoteId).ToList();
        PainSummary? pain = null;
        if (ordered.Count > 0)
        {
            var sessions = ordered.Select(n => new PainSession(n.NoteId, n.AppointmentId, n.WrittenAt, n.PainBefore, n.PainAfter)).ToList();
            pain = new PainSummary(sessions[0], sessions[^1],
                Progress.Between(sessions[0].Before, sessions[^1].Before, OutcomeScales.Pain),
                Math.Round((decimal)sessions.Average(s => s.Before - s.After), 1, MidpointRounding.AwayFromZero),
                sessions);
        }

        var measures = ordered
            .SelectMany(n => n.Measures.Select(m => (Note: n, Measure: m)))
            .GroupBy(x => x.Measure.Instrument, StringComparer.Ordinal)
            .OrderBy(g => OutcomeScales.Measures.ToList().FindIndex(m => m.Code == g.Key) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var scale = OutcomeScales.Of(g.Key);
                var (first, latest) = (g.First(), g.Last());
                return new MeasureSummary(scale.Code, scale.Name, first.Measure.Score, first.Note.WrittenAt, latest.Measure.Score, latest.Note.WrittenAt,
                    g.Count(), Progress.Between(first.Measure.Score, latest.Measure.Score, scale));
            })
            .ToList();

        return new ProgressReport(referral.Id, referral.ClientId, referral.PhysicianId, status, visits, ordered.Count,
            ordered.FirstOrDefault()?.WrittenAt, ordered.LastOrDefault()?.WrittenAt, pain, measures);
    }
}
