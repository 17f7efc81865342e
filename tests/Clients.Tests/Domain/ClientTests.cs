using Clients.Api.Domain;

namespace Clients.Tests.Domain;

/// <summary>How recording health history moves the clearance rule (see <see cref="BookingStatus"/>).</summary>
public sealed class ClientTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly PhysicianClearance Clearance = new("1234567893", new DateOnly(2026, 2, 27), "Cleared for gentle work", T0);

    private static Client NewClient()
    {
        var client = Client.Register(new ClientDetails("José", "Núñez", new DateOnly(1980, 5, 1), null, "+13055550142", Guid.NewGuid(), null), T0, "test");
        client.RecordConsent(ConsentType.Treatment, T0, T0, "test");
        return client;
    }

    private static HealthHistory History(PhysicianClearance? clearance, params Contraindication[] contraindications) =>
        new([], [], contraindications, clearance);

    [Fact]
    public void Registration_computes_both_search_keys()
    {
        var client = NewClient();
        Assert.Equal("nunez jose", client.NameLastFirst);
        Assert.Equal("jose nunez", client.NameFirstLast);
    }

    [Fact]
    public void A_contraindication_recorded_without_clearance_blocks()
    {
        var client = NewClient();
        client.RecordHealthHistory(History(null, Contraindication.Dvt), T0.AddHours(1), "test");
        Assert.Equal(["contraindication:dvt"], client.BookingStatus().Reasons);
    }

    [Fact]
    public void A_clearance_sent_with_the_contraindications_clears_them()
    {
        var client = NewClient();
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt, Contraindication.RecentFracture), T0.AddHours(1), "test");
        Assert.False(client.BookingStatus().Blocked);
        Assert.True(client.ClearanceCoversContraindications);
    }

    [Fact]
    public void Sending_the_same_clearance_back_with_a_new_contraindication_does_not_clear_it()
    {
        var client = NewClient();
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt), T0.AddHours(1), "test");
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt, Contraindication.Pregnancy), T0.AddDays(2), "test");

        Assert.Equal(["contraindication:dvt", "contraindication:pregnancy"], client.BookingStatus().Reasons);
        Assert.False(client.ClearanceCoversContraindications);
        Assert.Equal(T0.AddHours(1), client.Clearance!.RecordedAt);
    }

    [Fact]
    public void A_new_clearance_after_the_addition_clears_again()
    {
        var client = NewClient();
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt), T0.AddHours(1), "test");
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt, Contraindication.Pregnancy), T0.AddDays(2), "test");
        client.RecordHealthHistory(
            History(Clearance with { ClearedOn = new DateOnly(2026, 3, 4) }, Contraindication.Dvt, Contraindication.Pregnancy), T0.AddDays(3), "test");

        Assert.False(client.BookingStatus().Blocked);
    }

    [Fact]
    public void Removing_a_contraindication_needs_no_new_clearance()
    {
        var client = NewClient();
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt, Contraindication.Pregnancy), T0.AddHours(1), "test");
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt), T0.AddDays(1), "test");
        Assert.False(client.BookingStatus().Blocked);
    }

    [Fact]
    public void Dropping_the_clearance_blocks_again()
    {
        var client = NewClient();
        client.RecordHealthHistory(History(Clearance, Contraindication.Dvt), T0.AddHours(1), "test");
        client.RecordHealthHistory(History(null, Contraindication.Dvt), T0.AddDays(1), "test");
        Assert.Equal(["contraindication:dvt"], client.BookingStatus().Reasons);
    }

    [Fact]
    public void Only_a_treatment_consent_unblocks()
    {
        var client = Client.Register(new ClientDetails("Ana", "Lima", new DateOnly(1990, 1, 1), null, null, Guid.NewGuid(), null), T0, "test");
        client.RecordConsent(ConsentType.Privacy, T0, T0, "test");
        Assert.Equal(["consent_missing:treatment"], client.BookingStatus().Reasons);
    }
}
