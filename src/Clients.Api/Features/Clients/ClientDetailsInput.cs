using Clients.Api.Domain;
using FluentValidation;

namespace Clients.Api.Features.Clients;

/// <summary>The fields registration and a full update share, as they arrive (nullable, so a missing one is named).</summary>
public interface IClientDetailsInput
{
    string? FirstName { get; }
    string? LastName { get; }
    DateOnly? DateOfBirth { get; }
    string? Email { get; }
    string? Phone { get; }
    Guid? HomeLocationId { get; }
    InsuranceInput? Insurance { get; }
}

public sealed record InsuranceInput(string? Payer, string? MemberId);

internal sealed class ClientDetailsRules<T> : AbstractValidator<T> where T : IClientDetailsInput
{
    public ClientDetailsRules(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.FirstName).NotEmpty().MaximumLength(InputRules.NameMaxLength)
            .Must(InputRules.IsName!).WithMessage("Must contain letters, and only letters, spaces, hyphens, apostrophes and periods.");
        RuleFor(x => x.LastName).NotEmpty().MaximumLength(InputRules.NameMaxLength)
            .Must(InputRules.IsName!).WithMessage("Must contain letters, and only letters, spaces, hyphens, apostrophes and periods.");
        RuleFor(x => x.DateOfBirth).NotNull()
            .Must(d => InputRules.IsPlausibleBirthDate(d!.Value, clock.GetUtcNow()))
            .WithMessage($"Must be a date (YYYY-MM-DD) between {InputRules.EarliestBirthDate:yyyy-MM-dd} and today.");
        RuleFor(x => x.Email).MaximumLength(InputRules.EmailMaxLength)
            .Must(e => InputRules.IsEmail(e!.Trim())).WithMessage("Must be an email address such as name@example.com.")
            .When(x => x.Email is not null);
        RuleFor(x => x.Phone).Must(p => PhoneNumbers.ToE164(p!) is not null).WithMessage(PhoneNumbers.Rule)
            .When(x => x.Phone is not null);
        RuleFor(x => x.HomeLocationId).NotNull().NotEqual(Guid.Empty).WithMessage("Must be the id of a location of the chain.");
        When(x => x.Insurance is not null, () =>
        {
            RuleFor(x => x.Insurance!.Payer).NotEmpty().MaximumLength(InputRules.PayerMaxLength)
                .Must(p => InputRules.IsPlainText(p!)).WithMessage("Must not contain control characters.");
            RuleFor(x => x.Insurance!.MemberId).NotEmpty().MaximumLength(InputRules.MemberIdMaxLength)
                .Must(m => InputRules.IsMemberId(m!)).WithMessage("Must be letters, digits, spaces and hyphens, as on the insurance card.");
        });
    }
}

internal static class ClientDetailsInputExtensions
{
    /// <summary>Only after validation: every required field is present and well formed.</summary>
    public static ClientDetails ToDetails(this IClientDetailsInput input) => new(
        input.FirstName!,
        input.LastName!,
        input.DateOfBirth!.Value,
        input.Email?.Trim(),
        input.Phone is null ? null : PhoneNumbers.ToE164(input.Phone),
        input.HomeLocationId!.Value,
        input.Insurance is { } insurance ? new Insurance(insurance.Payer!.Trim(), insurance.MemberId!.Trim()) : null);
}
