using Clients.Api.Domain;

namespace Clients.Tests.Domain;

public sealed class InputRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1900-01-01", true)]
    [InlineData("1899-12-31", false)]
    [InlineData("2026-06-15", true)]
    [InlineData("2026-06-16", true)]   // already the 16th at UTC+14
    [InlineData("2026-06-17", false)]
    public void Birth_dates_lie_between_1900_and_today_somewhere_on_earth(string date, bool plausible) =>
        Assert.Equal(plausible, InputRules.IsPlausibleBirthDate(DateOnly.Parse(date), Now));

    [Fact]
    public void An_instant_a_few_minutes_ahead_is_clock_skew_and_an_hour_ahead_is_the_future()
    {
        Assert.True(InputRules.IsNotFuture(Now.AddMinutes(2), Now));
        Assert.False(InputRules.IsNotFuture(Now.AddHours(1), Now));
    }

    [Theory]
    [InlineData("José", true)]
    [InlineData("Mary-Jane", true)]
    [InlineData("O'Brien", true)]
    [InlineData("St. John", true)]
    [InlineData("Nguyễn", true)]
    [InlineData("R2D2", false)]
    [InlineData("-", false)]
    [InlineData("Ann\u0000", false)]
    [InlineData("<script>", false)]
    public void Names_are_letters_with_the_punctuation_names_use(string name, bool valid) =>
        Assert.Equal(valid, InputRules.IsName(name));

    [Theory]
    [InlineData("ana.lima@example.com", true)]
    [InlineData("Ana+clinic@Example.co.uk", true)]
    [InlineData("ana@example", false)]
    [InlineData("ana@@example.com", false)]
    [InlineData("ana example@example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("ana@-example.com", false)]
    public void Emails_need_a_local_part_and_a_domain_with_a_top_level(string email, bool valid) =>
        Assert.Equal(valid, InputRules.IsEmail(email));
}
