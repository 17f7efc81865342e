using FluentValidation;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features;

/// <summary>Rules several requests share, with one wording.</summary>
internal static class ValidationRules
{
    /// <summary>A required UUID (the nil UUID is not an id).</summary>
    public static IRuleBuilderOptions<T, Guid?> RequiredId<T>(this IRuleBuilder<T, Guid?> rule) => rule.NotNull().NotEqual(Guid.Empty);

    /// <summary>A local date between yesterday and a year ahead (<see cref="BookingWindow"/>); null passes (pair with NotNull when required).</summary>
    public static IRuleBuilderOptions<T, DateOnly?> InBookingWindow<T>(this IRuleBuilder<T, DateOnly?> rule, TimeProvider clock) =>
        rule.Must(date => date is null || BookingWindow.Contains(date.Value, clock.GetUtcNow())).WithMessage(BookingWindow.Explanation);
}
