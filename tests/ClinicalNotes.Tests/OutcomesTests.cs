using System.Net;
using System.Text.Json.Nodes;
using ClinicalNotes.Api.Domain;

namespace ClinicalNotes.Tests;

/// <summary>Pain and outcome-measure series from signed notes, ordered by date, for charts and progress reports.</summary>
public sealed class OutcomesTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    [Fact]
    public async Task Outcomes_come_from_signed_notes_in_date_order_with_progress()
    {
        var clientId = Guid.NewGuid();
        var referralId = Guid.NewGuid();
        using var client = service.Therapist("therapist-a");
        var first = await client.CreateAsync(NoteRequests.Body(clientId: clientId, referralId: referralId, painBefore: 8, painAfter: 5)
            .Set("outcomeMeasures", new JsonArray(new JsonObject { ["instrument"] = "ODI", ["score"] = 40 }, new JsonObject { ["instrument"] = "NDI", ["score"] = 20.5 })));
        var second = await client.CreateAsync(NoteRequests.Body(clientId: clientId, painBefore: 6, painAfter: 4)
            .Set("outcomeMeasures", new JsonArray()));
        var third = await client.CreateAsync(NoteRequests.Body(clientId: clientId, referralId: referralId, painBefore: 4, painAfter: 2)
            .Set("outcomeMeasures", new JsonArray(new JsonObject { ["instrument"] = "ODI", ["score"] = 30 })));
        await client.CreateAsync(NoteRequests.Body(clientId: clientId, painBefore: 0, painAfter: 0)); // a draft: may still change
        await client.CreateSignedAsync(NoteRequests.Body(painBefore: 10, painAfter: 10)); // another client
        // Signed out of order: the series follows the visits, not the signatures.
        await client.SignAsync(third.Id);
        await client.SignAsync(first.Id);
        await client.SignAsync(second.Id);

        var report = await OutcomesAsync(clientId);

        Assert.Equal(3, report.NotesSigned);
        Assert.Equal([first.Id, second.Id, third.Id], report.Pain.Points.Select(p => p.NoteId));
        Assert.Equal([8, 6, 4], report.Pain.Points.Select(p => p.Before));
        Assert.Equal([5, 4, 2], report.Pain.Points.Select(p => p.After));
        Assert.Equal(first.CreatedAt, report.From);
        Assert.Equal(third.CreatedAt, report.To);
        var pain = report.Pain.Progress!;
        Assert.Equal((8m, 4m, -4m, -50m), (pain.First, pain.Latest, pain.Change, pain.PercentChange));
        Assert.Equal("improving", pain.Trend);
        Assert.True(pain.MeaningfulImprovement);
        Assert.Equal(2.3m, report.Pain.AverageSessionRelief);

        Assert.Equal(["ODI", "NDI"], report.Measures.Select(m => m.Instrument));
        var odi = report.Measures[0];
        Assert.Equal([40m, 30m], odi.Points.Select(p => p.Score));
        Assert.Equal([first.Id, third.Id], odi.Points.Select(p => p.NoteId));
        Assert.Equal((0m, 100m), (odi.Min, odi.Max));
        Assert.Equal((-10m, "improving"), (odi.Progress.Change, odi.Progress.Trend));
        Assert.Equal("stable", report.Measures[1].Progress.Trend);
    }

    [Fact]
    public async Task A_referral_gets_the_outcomes_of_its_own_visits()
    {
        var clientId = Guid.NewGuid();
        var referralId = Guid.NewGuid();
        using var client = service.Therapist();
        var treated = await client.CreateSignedAsync(NoteRequests.Body(clientId: clientId, referralId: referralId, painBefore: 7));
        await client.CreateSignedAsync(NoteRequests.Body(clientId: clientId, painBefore: 3));

        var report = await OutcomesAsync(clientId, $"?referralId={referralId}");

        Assert.Equal(referralId, report.ReferralId);
        Assert.Equal([treated.Id], report.Pain.Points.Select(p => p.NoteId));
    }

    [Fact]
    public async Task A_client_without_signed_notes_has_empty_series()
    {
        using var client = service.Therapist();
        var draft = await client.CreateAsync(NoteRequests.Body());

        var report = await OutcomesAsync(draft.ClientId);

        Assert.Equal(0, report.NotesSigned);
        Assert.Empty(report.Pain.Points);
        Assert.Null(report.Pain.Progress);
        Assert.Empty(report.Measures);
    }

    private async Task<OutcomeReport> OutcomesAsync(Guid clientId, string query = "")
    {
        using var client = service.Therapist();
        using var response = await client.GetAsync($"/api/clients/{clientId}/outcomes{query}");
        return await response.ShouldBeAsync<OutcomeReport>(HttpStatusCode.OK);
    }
}
