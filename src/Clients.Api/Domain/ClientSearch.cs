namespace Clients.Api.Domain;

/// <summary>
/// What the front desk typed, understood as one kind of search: an email (has an @), a phone number
/// (only digits and phone punctuation, at least 7 digits), or else the start of a name: the first name,
/// the last name, "first last" or "last first", compared by <see cref="SearchKeys"/>.
/// </summary>
public abstract record ClientSearch
{
    public sealed record Everyone : ClientSearch;

    /// <param name="Prefix">A normalized key prefix (see <see cref="SearchKeys"/>).</param>
    public sealed record NamePrefix(string Prefix) : ClientSearch
    {
        public string UpperBound => SearchKeys.PrefixUpperBound(Prefix);
    }

    public sealed record Phone(string E164) : ClientSearch;

    public sealed record Email(string Address) : ClientSearch;

    public static bool TryParse(string? text, out ClientSearch search, out string error)
    {
        error = string.Empty;
        var input = text?.Trim() ?? string.Empty;
        if (input.Length == 0)
        {
            search = new Everyone();
            return true;
        }

        if (input.Contains('@'))
        {
            search = new Email(input);
            return true;
        }

        if (PhoneNumbers.LooksLikePhone(input))
        {
            search = PhoneNumbers.ToE164(input) is { } e164 ? new Phone(e164) : new Everyone();
            error = "A phone number needs its area code: 10 digits such as (305) 555-0142, or + and the country code.";
            return search is Phone;
        }

        var prefix = SearchKeys.Normalize(input);
        search = prefix.Length > 0 ? new NamePrefix(prefix) : new Everyone();
        error = "Type the start of a name, a phone number or an email address.";
        return search is NamePrefix;
    }
}
