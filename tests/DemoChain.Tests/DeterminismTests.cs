using System.Text.Json;
using Platform.DemoChain;

namespace DemoChain.Tests;

public sealed class DeterminismTests
{
    private static string Serialize(Platform.DemoChain.DemoChain chain) => JsonSerializer.Serialize(new
    {
        chain.Today, chain.Locations, chain.Therapists, chain.Shifts, chain.Physicians, chain.Clients, chain.Referrals, chain.Appointments, chain.Notes,
    });

    [Fact]
    public void Two_runs_for_the_same_date_give_the_same_chain()
    {
        var first = Serialize(Platform.DemoChain.DemoChain.Generate(SeedingDates.Ordinary));
        var second = Serialize(Platform.DemoChain.DemoChain.Generate(SeedingDates.Ordinary));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_date_keeps_every_id_and_name_and_moves_only_dates()
    {
        var a = Platform.DemoChain.DemoChain.For(SeedingDates.Ordinary);
        var b = Platform.DemoChain.DemoChain.For(SeedingDates.Ordinary.AddDays(40));

        Assert.Equal(a.Locations.Select(l => (l.Id, l.Name)), b.Locations.Select(l => (l.Id, l.Name)));
        Assert.Equal(a.Therapists.Select(t => (t.Id, t.FirstName, t.LastName, t.License.LicenseNumber)), b.Therapists.Select(t => (t.Id, t.FirstName, t.LastName, t.License.LicenseNumber)));
        Assert.Equal(a.Physicians.Select(p => (p.Id, p.Npi)), b.Physicians.Select(p => (p.Id, p.Npi)));
        Assert.Equal(a.Clients.Select(c => (c.Id, c.LastName, c.Contraindications.Count)), b.Clients.Select(c => (c.Id, c.LastName, c.Contraindications.Count)));
        Assert.Equal(a.Referrals.Select(r => (r.Id, r.Status)), b.Referrals.Select(r => (r.Id, r.Status)));
    }

    [Fact]
    public void Ids_are_name_based_and_stable()
    {
        Assert.Equal(DemoIds.For("client/7"), DemoIds.For("client", 7));
        Assert.NotEqual(DemoIds.For("client", 7), DemoIds.For("client", 8));
        Assert.Equal(5, DemoIds.For("client", 7).Version);
        Assert.Equal(0x80, DemoIds.For("client", 7).ToByteArray(bigEndian: true)[8] & 0xC0); // RFC 9562 variant
        // The published demo identities (README, identity seeding) must never change.
        Assert.Equal(Guid.Parse(PinnedIds.FirstLocation), DemoIdentities.FirstLocationId);
        Assert.Equal(Guid.Parse(PinnedIds.Therapist), DemoIdentities.TherapistPractitionerId);
        Assert.Equal(Guid.Parse(PinnedIds.Physician), DemoIdentities.PhysicianId);
        Assert.Equal(Guid.Parse(PinnedIds.SecondLocation), DemoIdentities.ManagerLocationIds[1]);
    }
}
