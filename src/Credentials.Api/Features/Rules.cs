using Credentials.Api.Domain;
using FluentValidation;

namespace Credentials.Api.Features;

/// <summary>Validation rules several use cases share, with messages that say what to send instead.</summary>
internal static class Rules
{
    /// <summary>Nothing the service records (licences, certificates, checks) predates this.</summary>
    public static readonly DateOnly Earliest = new(1950, 1, 1);

    /// <summary>
    /// The latest calendar day anywhere the chain operates: every jurisdiction is behind UTC, so the UTC date is
    /// never earlier than a jurisdiction's own today.
    /// </summary>
    public static DateOnly LatestToday(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static IRuleBuilderOptions<T, string?> Jurisdiction<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().Must(Jurisdictions.IsKnown).WithMessage(Jurisdictions.FormatMessage);

    public static IRuleBuilderOptions<T, string?> Technique<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(code => Techniques.TryFind(code, out _)).WithMessage(Techniques.AllowedMessage);

    /// <summary>A day that has already begun (a licence issued, a check made), not before <see cref="Earliest"/>.</summary>
    public static IRuleBuilderOptions<T, DateOnly?> PastDay<T>(this IRuleBuilderInitial<T, DateOnly?> rule, TimeProvider clock) =>
        rule.Cascade(CascadeMode.Stop).NotNull()
            .Must(day => day >= Earliest && day <= LatestToday(clock))
            .WithMessage($"Must be a day from {IsoDate.Of(Earliest)} up to today.");

    /// <summary>Free text: required, and short enough to store.</summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilderInitial<T, string?> rule, int maxLength) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("Must not be blank.").MaximumLength(maxLength);
}
