using Referrals.Api.Domain;

namespace Referrals.Tests.Domain;

public sealed class NpiTests
{
    [Theory]
    [InlineData("1234567893")] // the example of the NPI standard
    [InlineData("1245319599")]
    [InlineData("1003000126")]
    public void A_ten_digit_number_with_its_Luhn_check_digit_over_80840_is_valid(string npi) => Assert.True(Npi.IsValid(npi));

    [Theory]
    [InlineData("1234567890")] // wrong check digit
    [InlineData("1234567894")]
    [InlineData("123456789")] // nine digits
    [InlineData("12345678931")] // eleven
    [InlineData("123456789X")]
    [InlineData(" 1234567893")]
    [InlineData("1234-56789")]
    [InlineData("١٢٣٤٥٦٧٨٩٣")] // Arabic-Indic digits are digits, but not an NPI
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not(string? npi) => Assert.False(Npi.IsValid(npi));

    [Fact]
    public void Exactly_one_check_digit_makes_nine_digits_valid()
    {
        Assert.Equal(["1234567893"], Enumerable.Range(0, 10).Select(d => "123456789" + d).Where(Npi.IsValid));
    }
}

public sealed class Icd10CmTests
{
    [Theory]
    [InlineData("M54.50")]
    [InlineData("M79.7")]
    [InlineData("G44.209")]
    [InlineData("S72.001A")] // seventh character extension
    [InlineData("M54")]
    [InlineData("m54.2")] // stored upper case
    [InlineData(" M62.830 ")]
    public void Codes_of_the_right_shape_are_valid(string code) => Assert.True(Icd10Cm.IsValidShape(code));

    [Theory]
    [InlineData("54.50")]
    [InlineData("MM4.50")]
    [InlineData("M5")]
    [InlineData("M54.")]
    [InlineData("M54.50123")]
    [InlineData("M5450")]
    [InlineData("M54-50")]
    [InlineData("M54.5 0")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_shapes_are_not(string? code) => Assert.False(Icd10Cm.IsValidShape(code));

    [Fact]
    public void Codes_are_stored_trimmed_and_upper_case() => Assert.Equal("M54.50", Icd10Cm.Normalize(" m54.50 "));
}

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("(305) 555-0142", "+13055550142")]
    [InlineData("305.555.0142", "+13055550142")]
    [InlineData("1-305-555-0142", "+13055550142")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+1 416 555 0100", "+14165550100")]
    public void Numbers_are_stored_in_E164(string input, string expected) => Assert.Equal(expected, PhoneNumbers.ToE164(input));

    [Theory]
    [InlineData("555-0142")] // no area code
    [InlineData("(105) 555-0142")] // North American area codes do not start with 0 or 1
    [InlineData("2-305-555-0142")]
    [InlineData("+0 20 7946 0958")]
    [InlineData("+1 305 555 01")]
    [InlineData("305 555 0142 ext 2")]
    [InlineData("12")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_text_is_not_a_phone_number(string? input) => Assert.Null(PhoneNumbers.ToE164(input));
}
