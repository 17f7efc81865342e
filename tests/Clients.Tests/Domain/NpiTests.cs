using Clients.Api.Domain;

namespace Clients.Tests.Domain;

public sealed class NpiTests
{
    [Theory]
    [InlineData("1234567893")]
    [InlineData("1245319599")]
    [InlineData("1003000126")]
    public void Numbers_whose_check_digit_matches_are_valid(string npi) => Assert.True(Npi.IsValid(npi));

    [Theory]
    [InlineData("1234567890")]  // wrong check digit
    [InlineData("1234567894")]
    [InlineData("123456789")]   // nine digits
    [InlineData("12345678933")] // eleven
    [InlineData("12345678a3")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_an_npi(string? npi) => Assert.False(Npi.IsValid(npi));
}
