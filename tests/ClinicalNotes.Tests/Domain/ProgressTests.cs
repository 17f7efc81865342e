using ClinicalNotes.Api.Domain;

namespace ClinicalNotes.Tests.Domain;

public sealed class ProgressTests
{
    [Theory]
    [InlineData(8, 6, "improving")] // 2 points
    [InlineData(8, 7, "stable")] // 1 point, 12.5 %
    [InlineData(3, 2, "improving")] // 1 point but 33 %
    [InlineData(5, 7, "worsening")]
    [InlineData(0, 0, "stable")]
    [InlineData(0, 3, "worsening")]
    public void Pain_changes_by_two_points_or_thirty_percent_are_meaningful(int first, int latest, string trend)
    {
        var progress = Progress.Between(first, latest, OutcomeInstruments.Pain);

        Assert.Equal(trend, progress.Trend);
        Assert.Equal(trend == "improving", progress.MeaningfulImprovement);
        Assert.Equal(latest - first, progress.Change);
    }

    [Theory]
    [InlineData("ODI", 40, 32, "improving")] // 8 points
    [InlineData("ODI", 40, 33, "stable")] // 7 points, 17.5 %
    [InlineData("ODI", 20, 16, "improving")] // 4 points but 20 %
    [InlineData("NDI", 20, 12.5, "improving")] // 7.5 of 50
    [InlineData("NDI", 20, 13, "stable")]
    [InlineData("FIQR", 50, 43, "improving")] // 14 %
    [InlineData("FIQR", 50, 44, "stable")] // 12 %
    [InlineData("FIQR", 50, 60, "worsening")]
    public void Outcome_measures_use_their_own_meaningful_difference(string instrument, double first, double latest, string trend) =>
        Assert.Equal(trend, Progress.Between((decimal)first, (decimal)latest, OutcomeInstruments.Find(instrument)!).Trend);

    [Fact]
    public void Percent_change_is_absent_from_a_zero_start()
    {
        Assert.Null(Progress.Between(0, 2, OutcomeInstruments.Pain).PercentChange);
        Assert.Equal(-50m, Progress.Between(8, 4, OutcomeInstruments.Pain).PercentChange);
    }

    [Fact]
    public void The_report_orders_by_date_and_builds_one_series_per_instrument_used()
    {
        var day = new DateTimeOffset(2025, 1, 6, 10, 0, 0, TimeSpan.Zero);
        OutcomeSource Visit(int week, int before, int after, params OutcomeMeasure[] measures) =>
            new(Guid.NewGuid(), Guid.NewGuid(), null, day.AddDays(7 * week), before, after, measures);
        var sources = new[]
        {
            Visit(2, 4, 3, new OutcomeMeasure("ODI", 30)),
            Visit(0, 8, 5, new OutcomeMeasure("ODI", 44), new OutcomeMeasure("FIQR", 60)),
            Visit(1, 6, 4),
        };

        var report = OutcomeReport.Build(Guid.NewGuid(), null, sources);

        Assert.Equal([8, 6, 4], report.Pain.Points.Select(p => p.Before));
        Assert.Equal((day, day.AddDays(14)), (report.From!.Value, report.To!.Value));
        Assert.Equal(["ODI", "FIQR"], report.Measures.Select(m => m.Instrument));
        Assert.Equal([44m, 30m], report.Measures[0].Points.Select(p => p.Score));
        Assert.Equal((60m, 60m, "stable"), (report.Measures[1].Progress.First, report.Measures[1].Progress.Latest, report.Measures[1].Progress.Trend));
        Assert.Equal(2m, report.Pain.AverageSessionRelief); // (3 + 2 + 1) / 3
    }
}
