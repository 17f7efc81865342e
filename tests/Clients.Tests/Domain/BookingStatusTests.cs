using Clients.Api.Domain;

namespace Clients.Tests.Domain;

public sealed class BookingStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_client_with_treatment_consent_and_no_contraindication_is_bookable()
    {
        var status = BookingStatus.Evaluate([], null, null, hasTreatmentConsent: true);
        Assert.False(status.Blocked);
        Assert.Empty(status.Reasons);
    }

    [Fact]
    public void No_treatment_consent_blocks()
    {
        var status = BookingStatus.Evaluate([], null, null, hasTreatmentConsent: false);
        Assert.True(status.Blocked);
        Assert.Equal(["consent_missing:treatment"], status.Reasons);
    }

    [Fact]
    public void Every_contraindication_without_clearance_is_a_reason_and_so_is_missing_consent()
    {
        var status = BookingStatus.Evaluate([Contraindication.Pregnancy, Contraindication.Dvt], T0, null, hasTreatmentConsent: false);
        Assert.True(status.Blocked);
        Assert.Equal(["contraindication:dvt", "contraindication:pregnancy", "consent_missing:treatment"], status.Reasons);
    }

    [Fact]
    public void A_clearance_recorded_with_or_after_the_last_addition_clears_every_contraindication()
    {
        Assert.False(BookingStatus.Evaluate([Contraindication.Dvt, Contraindication.RecentSurgery], T0, T0, true).Blocked);
        Assert.False(BookingStatus.Evaluate([Contraindication.Dvt], T0, T0.AddDays(3), true).Blocked);
    }

    [Fact]
    public void A_contraindication_added_after_the_clearance_blocks_them_all_again()
    {
        var status = BookingStatus.Evaluate([Contraindication.Dvt, Contraindication.Pregnancy], T0.AddDays(1), T0, true);
        Assert.Equal(["contraindication:dvt", "contraindication:pregnancy"], status.Reasons);
    }

    [Fact]
    public void Multi_word_codes_are_kebab_case() =>
        Assert.Equal("contraindication:severe-osteoporosis", BookingStatus.ContraindicationReason(Contraindication.SevereOsteoporosis));
}
