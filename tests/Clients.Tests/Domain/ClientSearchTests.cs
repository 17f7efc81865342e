using Clients.Api.Domain;

namespace Clients.Tests.Domain;

public sealed class ClientSearchTests
{
    private static ClientSearch Parse(string? text)
    {
        Assert.True(ClientSearch.TryParse(text, out var search, out var error), error);
        return search;
    }

    [Fact]
    public void Nothing_typed_lists_everyone() => Assert.IsType<ClientSearch.Everyone>(Parse("  "));

    [Fact]
    public void Text_with_an_at_sign_is_an_email() => Assert.Equal(new ClientSearch.Email("Ana@Example.com"), Parse(" Ana@Example.com "));

    [Theory]
    [InlineData("(305) 555-0142")]
    [InlineData("+1 305 555 0142")]
    [InlineData("305.555.0142")]
    public void Digits_with_phone_punctuation_are_a_phone_number(string text) =>
        Assert.Equal(new ClientSearch.Phone("+13055550142"), Parse(text));

    [Theory]
    [InlineData("José", "jose")]
    [InlineData("jose gar", "jose gar")]
    [InlineData("GARCÍA, José", "garcia jose")]
    [InlineData("s", "s")]
    public void Anything_else_is_the_start_of_a_name(string text, string prefix) =>
        Assert.Equal(new ClientSearch.NamePrefix(prefix), Parse(text));

    [Theory]
    [InlineData("555-0142 12")]
    [InlineData("!!!")]
    public void A_phone_without_area_code_or_text_without_letters_is_refused_with_a_reason(string text)
    {
        Assert.False(ClientSearch.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
