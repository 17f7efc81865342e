using Credentials.Api.Domain;

namespace Credentials.Tests.Domain;

public sealed class ReferenceDataTests
{
    [Fact]
    public void Jurisdictions_are_the_50_states_DC_and_the_13_provinces_and_territories()
    {
        Assert.Equal(51, Jurisdictions.All.Count(j => j.Code.StartsWith("US-", StringComparison.Ordinal)));
        Assert.Equal(13, Jurisdictions.All.Count(j => j.Code.StartsWith("CA-", StringComparison.Ordinal)));
        Assert.Equal(Jurisdictions.All.Count, Jurisdictions.All.Select(j => j.Code).Distinct().Count());
        Assert.All(Jurisdictions.All, j => Assert.Matches("^(US|CA)-[A-Z]{2}$", j.Code));
    }

    [Theory]
    [InlineData("US-FL")]
    [InlineData("us-fl")]
    [InlineData("US-DC")]
    [InlineData("CA-ON")]
    [InlineData("CA-YT")]
    public void Known_codes_are_found_in_any_case(string code) => Assert.True(Jurisdictions.IsKnown(code));

    [Theory]
    [InlineData("FL")]
    [InlineData("US-XX")]
    [InlineData("US-PR")] // a territory, not a state: the chain does not operate there
    [InlineData("CA-QB")]
    [InlineData("GB-LND")]
    [InlineData("US_FL")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_codes_are_unknown(string? code) => Assert.False(Jurisdictions.IsKnown(code));

    [Fact]
    public void Every_jurisdiction_has_a_time_zone_this_machine_knows() =>
        Assert.All(Jurisdictions.All, j => j.Today(DateTimeOffset.UtcNow));

    [Fact]
    public void Today_is_the_jurisdiction_calendar_day_in_its_westernmost_zone()
    {
        // 03:00 UTC on 10 March is still 9 March everywhere in North America.
        var now = new DateTimeOffset(2026, 3, 10, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 3, 9), Jurisdictions.Get("US-NY").Today(now));
        // At 04:30 UTC New York (EDT) is on 10 March while the Florida panhandle (CDT) is not: Florida's
        // day follows its westernmost zone, so a licence expiring on 9 March still covers the whole state.
        var later = new DateTimeOffset(2026, 3, 10, 4, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 3, 10), Jurisdictions.Get("US-NY").Today(later));
        Assert.Equal(new DateOnly(2026, 3, 9), Jurisdictions.Get("US-FL").Today(later));
    }

    [Fact]
    public void Dates_are_written_and_read_as_gregorian_iso_whatever_the_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("th-TH"); // Buddhist calendar
            Assert.Equal("2026-03-10", IsoDate.Of(new DateOnly(2026, 3, 10)));
            Assert.True(IsoDate.TryParse("2026-03-10", out var parsed));
            Assert.Equal(new DateOnly(2026, 3, 10), parsed);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("1234567893", true)]
    [InlineData("1245319599", true)]
    [InlineData("1234567890", false)]
    [InlineData("123456789", false)]
    [InlineData("12345678931", false)]
    [InlineData("12345678a3", false)]
    [InlineData(null, false)]
    public void Npi_check_digit(string? npi, bool valid) => Assert.Equal(valid, Npi.IsValid(npi));

    [Fact]
    public void Certification_codes_are_normalised_and_unknown_ones_refused()
    {
        Assert.Equal("MLD", CertificationCodes.Normalize("mld"));
        Assert.Null(CertificationCodes.Normalize("REIKI"));
    }

    [Fact]
    public void Date_ranges_merge_when_they_touch_and_intersect_pairwise()
    {
        var d = new DateOnly(2026, 3, 1);
        var union = DateRange.Union([new(d, d.AddDays(2)), new(d.AddDays(3), d.AddDays(4)), new(d.AddDays(7), d.AddDays(8))]);
        Assert.Equal([new DateRange(d, d.AddDays(4)), new DateRange(d.AddDays(7), d.AddDays(8))], union);

        var both = DateRange.Intersect(union, [new DateRange(d.AddDays(4), d.AddDays(7))]);
        Assert.Equal([new DateRange(d.AddDays(4), d.AddDays(4)), new DateRange(d.AddDays(7), d.AddDays(7))], both);
    }
}
