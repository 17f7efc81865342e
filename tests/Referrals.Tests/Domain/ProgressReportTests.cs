using Referrals.Api.Domain;

namespace Referrals.Tests.Domain;

/// <summary>How the physician's progress report reads signed notes: first against latest, meaningful change per scale.</summary>
public sealed class ProgressReportBuildTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7, 5, "improving")] // 2 points on pain is meaningful
    [InlineData(7, 6, "stable")]
    [InlineData(3, 2, "improving")] // 33 % is meaningful even though it is 1 point
    [InlineData(5, 7, "worsening")]
    [InlineData(0, 0, "stable")]
    [InlineData(0, 1, "stable")]
    public void Pain_trend_is_a_change_of_two_points_or_thirty_percent(int first, int latest, string trend)
    {
        var progress = Progress.Between(first, latest, OutcomeScales.Pain);
        Assert.Equal((trend, latest - first), (progress.Trend, (int)progress.Change));
        Assert.Equal(trend == Progress.Improving, progress.MeaningfulImprovement);
    }

    [Theory]
    [InlineData("ODI", 42, 34, "improving")] // 8 points
    [InlineData("ODI", 42, 35, "stable")]
    [InlineData("NDI", 20, 12.5, "improving")] // 7.5 points
    [InlineData("NDI", 20, 13, "stable")]
    [InlineData("FIQR", 50, 43, "improving")] // 14 %
    [InlineData("FIQR", 50, 44, "stable")]
    [InlineData("PSFS", 2, 9, "stable")] // an instrument without a threshold never trends
    public void Each_outcome_measure_has_its_own_meaningful_difference(string instrument, double first, double latest, string trend) =>
        Assert.Equal(trend, Progress.Between((decimal)first, (decimal)latest, OutcomeScales.Of(instrument)).Trend);

    [Fact]
    public void Percent_change_is_rounded_and_absent_from_zero() =>
        Assert.Equal(((decimal?)-33.3m, (decimal?)null), (Progress.Between(3, 2, OutcomeScales.Pain).PercentChange, Progress.Between(0, 2, OutcomeScales.Pain).PercentChange));

    private static SignedNoteScores Note(int day, int before, int after, params (string Instrument, decimal Score)[] measures) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), "treatment", Day1.AddDays(day), Day1.AddDays(day).AddHours(1), before, after,
            measures.Select(m => new OutcomeScore(m.Instrument, m.Score)).ToList());

    private static Referral AReferral() => Referral.Submit(new ReferralTerms(Guid.CreateVersion7(), Guid.CreateVersion7(), null, ["M54.50"], ["97124"],
        ["lower-back"], 2, 6, 12, 60, null, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30),
        new Attestation("Maya Okafor, MD", Day1.AddDays(-2))), "key", "physician-1", Day1.AddDays(-2));

    [Fact]
    public void Notes_are_read_in_visit_order_whatever_order_their_events_arrived_in()
    {
        var first = Note(0, 8, 5, ("ODI", 44), ("NDI", 20));
        var second = Note(7, 6, 3, ("ODI", 38));
        var third = Note(14, 4, 2, ("ODI", 30), ("NDI", 10));

        var report = ProgressReport.Build(AReferral(), ReferralStatus.Active, new VisitAccount(12, 3, 1), [third, first, second]);

        Assert.Equal(3, report.NotesSigned);
        Assert.Equal((first.WrittenAt, third.WrittenAt), (report.FirstVisit, report.LatestVisit));
        Assert.Equal([first.NoteId, second.NoteId, third.NoteId], report.Pain!.Sessions.Select(s => s.NoteId));
        Assert.Equal((8m, 4m, "improving"), (report.Pain.Progress.First, report.Pain.Progress.Latest, report.Pain.Progress.Trend));
        Assert.Equal(2.7m, report.Pain.AverageSessionRelief); // (3 + 3 + 2) / 3
        Assert.Equal(["ODI", "NDI"], report.OutcomeMeasures.Select(m => m.Instrument));
        var odi = report.OutcomeMeasures[0];
        Assert.Equal((44m, 30m, 3, "improving"), (odi.First, odi.Latest, odi.Measurements, odi.Progress.Trend));
        var ndi = report.OutcomeMeasures[1];
        Assert.Equal((20m, 10m, 2, third.WrittenAt), (ndi.First, ndi.Latest, ndi.Measurements, ndi.LatestDate));
        Assert.Equal((12, 3, 1, 8), (report.Visits.Authorized, report.Visits.Used, report.Visits.Held, report.Visits.Remaining));
    }

    [Fact]
    public void Without_signed_notes_there_is_no_pain_summary_and_no_measure()
    {
        var report = ProgressReport.Build(AReferral(), ReferralStatus.Submitted, new VisitAccount(12, 0, 0), []);
        Assert.Equal((0, null, null), (report.NotesSigned, report.Pain, report.FirstVisit));
        Assert.Empty(report.OutcomeMeasures);
    }

    [Fact]
    public void One_note_is_its_own_first_and_latest()
    {
        var only = Note(0, 6, 2);
        var report = ProgressReport.Build(AReferral(), ReferralStatus.Active, new VisitAccount(12, 1, 0), [only]);
        Assert.Equal((only.NoteId, only.NoteId, "stable", 4m), (report.Pain!.First.NoteId, report.Pain.Latest.NoteId, report.Pain.Progress.Trend, report.Pain.AverageSessionRelief));
    }
}
