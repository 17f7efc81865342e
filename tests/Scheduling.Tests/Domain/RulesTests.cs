using Scheduling.Api.Domain;

namespace Scheduling.Tests.Domain;

public sealed class JurisdictionTests
{
    [Theory]
    [InlineData("US-NY", "US-NY")]
    [InlineData("us-ca", "US-CA")]
    [InlineData("US-DC", "US-DC")]
    [InlineData("CA-ON", "CA-ON")]
    [InlineData("CA-YT", "CA-YT")]
    [InlineData("US-XX", null)]
    [InlineData("MX-CMX", null)]
    [InlineData("CA-CA", null)]
    [InlineData("NY", null)]
    [InlineData("", null)]
    public void US_states_DC_and_Canadian_provinces_and_territories_are_jurisdictions(string code, string? normalized) =>
        Assert.Equal(normalized, Jurisdictions.Normalize(code));

    [Fact]
    public void There_are_51_US_and_13_Canadian_jurisdictions()
    {
        Assert.Equal(51, Jurisdictions.All.Count(j => j.StartsWith("US-", StringComparison.Ordinal)));
        Assert.Equal(13, Jurisdictions.All.Count(j => j.StartsWith("CA-", StringComparison.Ordinal)));
    }
}

public sealed class ServiceCatalogTests
{
    [Theory]
    [InlineData(ServiceCode.InitialAssessment, 60, true)]
    [InlineData(ServiceCode.InitialAssessment, 90, true)]
    [InlineData(ServiceCode.InitialAssessment, 30, false)]
    [InlineData(ServiceCode.Treatment30, 30, true)]
    [InlineData(ServiceCode.Treatment30, 60, false)]
    [InlineData(ServiceCode.Treatment60, 60, true)]
    [InlineData(ServiceCode.Treatment90, 90, true)]
    [InlineData(ServiceCode.Treatment90, 60, false)]
    public void A_duration_must_fit_the_service(ServiceCode service, int minutes, bool fits) =>
        Assert.Equal(fits, ServiceCatalog.Fits(service, minutes));

    [Fact]
    public void Codes_on_the_wire_and_in_the_database_are_the_API_codes()
    {
        Assert.Equal("treatment-30", WireCode<ServiceCode>.Of(ServiceCode.Treatment30));
        Assert.Equal("initial-assessment", WireCode<ServiceCode>.Of(ServiceCode.InitialAssessment));
        Assert.Equal("checked-in", WireCode<AppointmentStatus>.Of(AppointmentStatus.CheckedIn));
        Assert.Equal("no-show", WireCode<AppointmentStatus>.Of(AppointmentStatus.NoShow));
        Assert.Equal("lymphatic-drainage", WireCode<Technique>.Of(Technique.LymphaticDrainage));
        Assert.Equal(ServiceCode.Treatment90, WireCode<ServiceCode>.Parse("treatment-90"));
    }
}

public sealed class AppointmentLifecycleTests
{
    [Theory]
    [InlineData(AppointmentStatus.Booked, AppointmentStatus.CheckedIn, true)]
    [InlineData(AppointmentStatus.CheckedIn, AppointmentStatus.Completed, true)]
    [InlineData(AppointmentStatus.Booked, AppointmentStatus.Cancelled, true)]
    [InlineData(AppointmentStatus.CheckedIn, AppointmentStatus.Cancelled, true)]
    [InlineData(AppointmentStatus.Booked, AppointmentStatus.NoShow, true)]
    [InlineData(AppointmentStatus.Booked, AppointmentStatus.Completed, false)]
    [InlineData(AppointmentStatus.CheckedIn, AppointmentStatus.NoShow, false)]
    [InlineData(AppointmentStatus.CheckedIn, AppointmentStatus.CheckedIn, false)]
    [InlineData(AppointmentStatus.Completed, AppointmentStatus.Cancelled, false)]
    [InlineData(AppointmentStatus.Cancelled, AppointmentStatus.CheckedIn, false)]
    [InlineData(AppointmentStatus.Cancelled, AppointmentStatus.Booked, false)]
    [InlineData(AppointmentStatus.NoShow, AppointmentStatus.Completed, false)]
    [InlineData(AppointmentStatus.Completed, AppointmentStatus.Booked, false)]
    public void Statuses_move_booked_checked_in_completed_or_cancelled_or_no_show(AppointmentStatus from, AppointmentStatus to, bool allowed) =>
        Assert.Equal(allowed, AppointmentLifecycle.CanMove(from, to));

    [Fact]
    public void A_no_show_cannot_be_recorded_before_the_start()
    {
        var start = new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero);
        Assert.True(AppointmentLifecycle.TooEarly(AppointmentStatus.NoShow, start, start.AddMinutes(-1)));
        Assert.False(AppointmentLifecycle.TooEarly(AppointmentStatus.NoShow, start, start));
        Assert.False(AppointmentLifecycle.TooEarly(AppointmentStatus.CheckedIn, start, start.AddHours(-1)));
    }
}

public sealed class BookingWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_a_day_back_to_a_year_ahead()
    {
        Assert.True(BookingWindow.Contains(Now.AddHours(-23), Now));
        Assert.False(BookingWindow.Contains(Now.AddDays(-2), Now));
        Assert.True(BookingWindow.Contains(Now.AddDays(365), Now));
        Assert.False(BookingWindow.Contains(Now.AddDays(366), Now));
        Assert.True(BookingWindow.Contains(new DateOnly(2026, 1, 31), Now));
        Assert.False(BookingWindow.Contains(new DateOnly(2026, 1, 30), Now));
        Assert.False(BookingWindow.Contains(new DateOnly(2027, 2, 2), Now));
    }
}

public sealed class RecurrenceTests
{
    [Fact]
    public void A_series_by_count_takes_the_listed_weekdays_from_the_first_date()
    {
        // 2026-03-02 is a Monday.
        var dates = Recurrence.Series(new DateOnly(2026, 3, 2), [DayOfWeek.Monday, DayOfWeek.Thursday], count: 4, until: null);
        Assert.Equal([new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 12)], dates);
    }

    [Fact]
    public void A_series_until_a_date_includes_that_date()
    {
        var dates = Recurrence.Series(new DateOnly(2026, 3, 3), [DayOfWeek.Monday], count: null, until: new DateOnly(2026, 3, 16));
        Assert.Equal([new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 16)], dates);
    }

    [Fact]
    public void Between_returns_nothing_when_no_weekday_falls_in_range() =>
        Assert.Empty(Recurrence.Between(new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 4), [DayOfWeek.Friday]));
}
