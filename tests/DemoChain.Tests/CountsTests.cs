using Platform.DemoChain;

namespace DemoChain.Tests;

public sealed class CountsTests
{
    private readonly Platform.DemoChain.DemoChain _chain = Platform.DemoChain.DemoChain.For(SeedingDates.Ordinary);

    [Fact]
    public void Twelve_locations_in_three_states_and_two_time_zones_each_with_rooms_and_hours()
    {
        Assert.Equal(12, _chain.Locations.Count);
        Assert.Equal(["US-CA", "US-NJ", "US-NY"], _chain.Locations.Select(l => l.Jurisdiction).Distinct().Order());
        Assert.Equal(["America/Los_Angeles", "America/New_York"], _chain.Locations.Select(l => l.TimeZone).Distinct().Order());
        Assert.All(_chain.Locations, l =>
        {
            Assert.InRange(l.Rooms.Count, 3, 5);
            Assert.Equal(l.Rooms.Count, l.Rooms.Select(r => r.Name.ToLowerInvariant()).Distinct().Count());
            Assert.True(l.OpeningHours.Count >= 6, "open at least six days a week");
            Assert.All(l.OpeningHours, h => Assert.True(h.Opens < h.Closes));
        });
        Assert.Equal(12, _chain.Locations.Select(l => l.Id).Distinct().Count());
    }

    [Fact]
    public void People_and_referrals_in_the_numbers_the_issue_asks_for()
    {
        Assert.Equal(60, _chain.Therapists.Count);
        Assert.Equal(40, _chain.Physicians.Count);
        Assert.Equal(1500, _chain.Clients.Count);
        Assert.Equal(300, _chain.Referrals.Count);
        Assert.All(_chain.Locations, l => Assert.Equal(5, _chain.Therapists.Count(t => t.HomeLocationId == l.Id)));
        Assert.All(_chain.Locations, l => Assert.InRange(_chain.Clients.Count(c => c.HomeLocationId == l.Id), 100, 150));
    }

    [Fact]
    public void Referrals_in_every_lifecycle_state()
    {
        var byStatus = _chain.Referrals.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(DemoVocabulary.ReferralStatuses.Order(), byStatus.Keys.Order());
        Assert.All(byStatus.Values, count => Assert.True(count >= 10));
    }

    [Fact]
    public void Four_weeks_of_past_and_four_of_future_appointments_most_past_ones_with_signed_notes()
    {
        var past = _chain.Appointments.Count(a => a.StartsAt < _chain.StartOfToday);
        var future = _chain.Appointments.Count(a => a.StartsAt >= _chain.StartOfToday.AddDays(1));

        Assert.InRange(past, 1500, 6000);
        Assert.InRange(future, 1000, 6000);
        Assert.Equal(_chain.Appointments.Count(a => a.Status == DemoVocabulary.Completed), _chain.Notes.Count);
        Assert.Contains(_chain.Appointments, a => a.Status == DemoVocabulary.NoShow);
        Assert.Contains(_chain.Appointments, a => a.Status == DemoVocabulary.Cancelled && a.CancellationReason is not null);
        Assert.Equal(
            [DemoVocabulary.InitialAssessment, DemoVocabulary.Treatment30, DemoVocabulary.Treatment60, DemoVocabulary.Treatment90],
            _chain.Appointments.Select(a => a.Service).Distinct().Order());
    }

    [Fact]
    public void Licences_a_few_expiring_within_30_days_a_few_unverified_exactly_one_suspended()
    {
        var expiring = _chain.Therapists.Where(t => t.License.ExpiresOn >= _chain.Today && t.License.ExpiresOn <= _chain.Today.AddDays(30)).ToList();
        var unverified = _chain.Therapists.Where(t => !t.License.IsVerified).ToList();

        Assert.InRange(expiring.Count, 3, 6);
        Assert.InRange(unverified.Count, 3, 6);
        Assert.Contains(unverified, t => t.License.Verifications.Count == 0);
        Assert.Contains(unverified, t => t.License.Verifications.Any(v => v.Outcome == DemoVocabulary.Discrepancy));
        var suspended = Assert.Single(_chain.Therapists, t => t.License.Suspension is not null);
        Assert.Equal(DemoIdentities.SuspendedPractitionerId, suspended.Id);
        Assert.All(_chain.Therapists, t => Assert.Equal(_chain.Location(t.HomeLocationId).Jurisdiction, t.License.Jurisdiction));
        Assert.InRange(_chain.Therapists.Count(t => t.Certifications.Any(c => c.Code == DemoVocabulary.Mld)), 12, 30);
        Assert.Contains(_chain.Therapists, t => t.Certifications.Any(c => c.Code == DemoVocabulary.PrenatalCertification));
        Assert.Contains(_chain.Therapists, t => t.Certifications.Any(c => c.Code == DemoVocabulary.Ncbtmb));
    }

    [Fact]
    public void Clients_some_contraindicated_some_of_them_cleared_most_with_consents()
    {
        var contraindicated = _chain.Clients.Where(c => c.Contraindications.Count > 0).ToList();

        Assert.InRange(contraindicated.Count, 75, 250);
        Assert.InRange(contraindicated.Count(c => c.Clearance is not null), 30, contraindicated.Count - 20);
        Assert.InRange(_chain.Clients.Count(c => c.Consents.Count == 0), 10, 100);
        Assert.All(_chain.Clients.Where(c => c.Consents.Count > 0), c =>
            Assert.Equal([DemoVocabulary.ConsentPrivacy, DemoVocabulary.ConsentTreatment], c.Consents.Select(x => x.Type).Order()));
    }
}
