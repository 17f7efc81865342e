using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Referrals.Api.Domain;

namespace Referrals.Api.Features;

/// <summary>Validation rules several use cases share, with messages that say what to send instead.</summary>
internal static partial class Rules
{
    public const int NameMaxLength = 100;

    /// <summary>A person's name: letters (any script), spaces, hyphens, apostrophes and periods.</summary>
    public static IRuleBuilderOptions<T, string?> Name<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(NameMaxLength).Must(n => NamePattern().IsMatch(n!.Trim()))
            .WithMessage("Must contain letters, and only letters, spaces, hyphens, apostrophes and periods.");

    /// <summary>Free text: required, not blank, no control characters, short enough to store.</summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilderInitial<T, string?> rule, int maxLength) =>
        rule.NotEmpty().Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("Must not be blank.").MaximumLength(maxLength).PlainText();

    /// <summary>No control characters other than line breaks and tabs.</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || !s.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            .WithMessage("Must not contain control characters.");

    public static IRuleBuilderOptions<T, string?> Phone<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.NotEmpty().Must(p => PhoneNumbers.ToE164(p) is not null).WithMessage(PhoneNumbers.Rule);

    /// <summary>True when the save failed on the named unique constraint (or unique index).</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex, string constraint) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName == constraint;

    [GeneratedRegex(@"^[\p{L}\p{M}][\p{L}\p{M} .'\u2019-]*$")]
    private static partial Regex NamePattern();
}
