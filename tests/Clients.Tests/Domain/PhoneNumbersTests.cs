using Clients.Api.Domain;

namespace Clients.Tests.Domain;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("(305) 555-0142")]
    [InlineData("305.555.0142")]
    [InlineData("305-555-0142")]
    [InlineData("3055550142")]
    [InlineData("+1 305 555 0142")]
    [InlineData("1-305-555-0142")]
    [InlineData("+1 (305) 555-0142")]
    public void Every_formatting_of_a_north_american_number_is_one_number(string input) =>
        Assert.Equal("+13055550142", PhoneNumbers.ToE164(input));

    [Theory]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+49 30 901820", "+4930901820")]
    public void International_numbers_keep_their_country_code(string input, string e164) =>
        Assert.Equal(e164, PhoneNumbers.ToE164(input));

    [Theory]
    [InlineData("555-0142")]           // no area code
    [InlineData("(105) 555-0142")]     // area codes do not start with 1
    [InlineData("+1 305 555 01")]      // too short for North America
    [InlineData("44 20 7946 0958")]    // foreign without +
    [InlineData("+0 123 456 789")]     // no country code starts with 0
    [InlineData("+1234567890123456")]  // longer than E.164 allows
    [InlineData("305-555-0142 ext 5")]
    [InlineData("305+555+0142")]
    [InlineData("")]
    public void Anything_else_is_not_a_phone_number(string input) => Assert.Null(PhoneNumbers.ToE164(input));

    [Theory]
    [InlineData("(305) 555-0142", true)]
    [InlineData("+1 305", false)]
    [InlineData("5550142", true)]
    [InlineData("smith", false)]
    [InlineData("a1234567", false)]
    public void Search_text_looks_like_a_phone_when_it_is_digits_and_punctuation_only(string text, bool phone) =>
        Assert.Equal(phone, PhoneNumbers.LooksLikePhone(text));
}
