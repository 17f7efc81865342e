using Clients.Api.Domain;

namespace Clients.Tests.Domain;

public sealed class SearchKeysTests
{
    [Theory]
    [InlineData("José", "jose")]
    [InlineData("JOSÉ", "jose")]
    [InlineData("  Núñez  ", "nunez")]
    [InlineData("Zoë", "zoe")]
    [InlineData("François", "francois")]
    [InlineData("O'Brien", "obrien")]
    [InlineData("O’Brien", "obrien")]
    [InlineData("Smith-Jones", "smith jones")]
    [InlineData("de la  Cruz", "de la cruz")]
    [InlineData("St. John", "st john")]
    [InlineData("Weiß", "weiss")]
    [InlineData("Søren", "soren")]
    [InlineData("Łukasz", "lukasz")]
    [InlineData("Nguyễn", "nguyen")]
    [InlineData("Ａｎａ", "ana")]
    [InlineData("!!!", "")]
    public void Names_normalize_to_lower_case_without_accents_or_punctuation(string name, string key) =>
        Assert.Equal(key, SearchKeys.Normalize(name));

    [Fact]
    public void The_two_name_keys_put_last_or_first_name_first()
    {
        Assert.Equal("garcia marquez maria jose", SearchKeys.LastFirst("María José", "García Márquez"));
        Assert.Equal("maria jose garcia marquez", SearchKeys.FirstLast("María José", "García Márquez"));
    }

    [Theory]
    [InlineData("gar", "gas")]
    [InlineData("smith j", "smith k")]
    [InlineData("a ", "a!")]
    [InlineData("ивa", "ивb")]
    public void The_upper_bound_of_a_prefix_is_the_next_string_in_code_point_order(string prefix, string upper) =>
        Assert.Equal(upper, SearchKeys.PrefixUpperBound(prefix));

    [Theory]
    [InlineData("garcia", true)]
    [InlineData("gar", true)]
    [InlineData("garz", true)]
    [InlineData("gas", false)]
    [InlineData("ga", false)]
    public void Every_key_that_starts_with_the_prefix_and_no_other_lies_in_its_range(string key, bool inRange)
    {
        const string prefix = "gar";
        var upper = SearchKeys.PrefixUpperBound(prefix);
        Assert.Equal(inRange, string.CompareOrdinal(key, prefix) >= 0 && string.CompareOrdinal(key, upper) < 0);
        Assert.Equal(inRange, key.StartsWith(prefix, StringComparison.Ordinal));
    }
}
