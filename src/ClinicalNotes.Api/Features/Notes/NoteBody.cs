using ClinicalNotes.Api.Domain;
using FluentValidation;

namespace ClinicalNotes.Api.Features.Notes;

public sealed record RangeOfMotionInput(string? Joint, string? Movement, int? Degrees);

public sealed record ObjectiveInput(string? Posture, IReadOnlyList<RangeOfMotionInput?>? RangeOfMotion, string? Palpation);

public sealed record PlanInput(IReadOnlyList<string?>? Techniques, IReadOnlyList<string?>? BodyRegions, string? HomeCare);

public sealed record OutcomeMeasureInput(string? Instrument, decimal? Score);

/// <summary>
/// The note's body as a request carries it: create and update send the same. Every part is optional in a
/// draft; what is present must be valid, and signing checks that nothing required is missing. The
/// appointment, client and referral ids are checked for shape only (Scheduling and Clients do not answer yet).
/// </summary>
public abstract record NoteBody
{
    public Guid? AppointmentId { get; init; }
    public Guid? ClientId { get; init; }
    public Guid? ReferralId { get; init; }
    public string? Kind { get; init; }
    public Subjective? Subjective { get; init; }
    public ObjectiveInput? Objective { get; init; }
    public string? Assessment { get; init; }
    public PlanInput? Plan { get; init; }
    public int? PainAfter { get; init; }
    public IReadOnlyList<OutcomeMeasureInput?>? OutcomeMeasures { get; init; }

    /// <summary>The validated body as domain content (call only after validation).</summary>
    public NoteContent ToContent() => new(
        Subjective ?? new Subjective(null, null),
        new Objective(
            Objective?.Posture,
            Objective?.RangeOfMotion?.Select(r => new RangeOfMotionMeasurement(r!.Joint!, r.Movement!, r.Degrees!.Value)).ToList() ?? [],
            Objective?.Palpation),
        Assessment,
        new Plan(
            Plan?.Techniques?.Select(t => t!).ToList() ?? [],
            Plan?.BodyRegions?.Select(r => r!).ToList() ?? [],
            Plan?.HomeCare),
        PainAfter,
        OutcomeMeasures?.Select(m => new OutcomeMeasure(m!.Instrument!, m.Score!.Value)).ToList() ?? []);
}

/// <summary>Limits of free text (characters) and of lists (entries). Longer input is refused, never cut.</summary>
public static class InputLimits
{
    public const int ChiefComplaint = 500;
    public const int Narrative = 4000;
    public const int AddendumText = 4000;
    public const int AddendumReason = 500;
    public const int MaxRangeOfMotion = 100;
    public const int MaxCodes = 30;
}

internal sealed class NoteBodyValidator : AbstractValidator<NoteBody>
{
    public NoteBodyValidator()
    {
        RuleFor(x => x.ReferralId).NotEqual(Guid.Empty).WithMessage("Must be a referral id, not the empty UUID.");
        RuleFor(x => x.Kind).NotEmpty().WithMessage("Required: initial-assessment or treatment.").OneOf(NoteKinds.All, "kind");
        RuleFor(x => x.Subjective).SetValidator(new SubjectiveValidator()!);
        RuleFor(x => x.Objective).SetValidator(new ObjectiveValidator()!);
        RuleFor(x => x.Assessment).StorableText(InputLimits.Narrative);
        RuleFor(x => x.Plan).SetValidator(new PlanValidator()!);
        RuleFor(x => x.PainAfter).PainScore();
        RuleFor(x => x.OutcomeMeasures).Must(NoRepeatedInstrument)
            .WithMessage($"Each instrument ({Vocabulary.Describe(OutcomeInstruments.MeasureCodes)}) may be scored once per note.");
        RuleForEach(x => x.OutcomeMeasures).NotNull().WithMessage("Must be an outcome measure {instrument, score}.")
            .SetValidator(new OutcomeMeasureValidator()!);
    }

    private static bool NoRepeatedInstrument(IReadOnlyList<OutcomeMeasureInput?>? measures) =>
        measures is null || (measures.Count <= OutcomeInstruments.Measures.Count
            && measures.Where(m => m?.Instrument is not null).GroupBy(m => m!.Instrument).All(g => g.Count() == 1));

    private sealed class SubjectiveValidator : AbstractValidator<Subjective>
    {
        public SubjectiveValidator()
        {
            RuleFor(x => x.ChiefComplaint).StorableText(InputLimits.ChiefComplaint);
            RuleFor(x => x.PainBefore).PainScore();
        }
    }

    private sealed class ObjectiveValidator : AbstractValidator<ObjectiveInput>
    {
        public ObjectiveValidator()
        {
            RuleFor(x => x.Posture).StorableText(InputLimits.Narrative);
            RuleFor(x => x.Palpation).StorableText(InputLimits.Narrative);
            RuleFor(x => x.RangeOfMotion).MaxCount(InputLimits.MaxRangeOfMotion)
                .Must(NoRepeatedMeasurement).WithMessage("Each joint and movement may be measured once per note; remove the repeated one.");
            RuleForEach(x => x.RangeOfMotion).NotNull().WithMessage("Must be a measurement {joint, movement, degrees}.")
                .SetValidator(new RangeOfMotionValidator()!);
        }

        private static bool NoRepeatedMeasurement(IReadOnlyList<RangeOfMotionInput?>? measurements) =>
            measurements is null || measurements.Where(m => m?.Joint is not null && m.Movement is not null)
                .GroupBy(m => (m!.Joint, m.Movement)).All(g => g.Count() == 1);
    }

    private sealed class RangeOfMotionValidator : AbstractValidator<RangeOfMotionInput>
    {
        public RangeOfMotionValidator()
        {
            RuleFor(x => x.Joint).NotEmpty().WithMessage("Required: the joint measured.").OneOf(RangeOfMotionNorms.Joints, "joint");
            RuleFor(x => x.Movement).NotEmpty().WithMessage("Required: the movement measured.")
                .Must((x, movement) => string.IsNullOrEmpty(movement) || !RangeOfMotionNorms.IsKnownJoint(x.Joint)
                    || RangeOfMotionNorms.TryGetRange(x.Joint, movement, out _))
                .WithMessage(x => $"'{Vocabulary.Quote(x.Movement)}' is not measured at {x.Joint}. Use one of: {Vocabulary.Describe(RangeOfMotionNorms.MovementsOf(x.Joint))}.");
            RuleFor(x => x.Degrees).NotNull().WithMessage("Required: the degrees measured.")
                .Custom((degrees, context) =>
                {
                    var m = context.InstanceToValidate;
                    if (degrees is { } d && RangeOfMotionNorms.TryGetRange(m.Joint, m.Movement, out var range) && !range.Contains(d))
                    {
                        context.AddFailure($"{m.Joint} {m.Movement} is measured between {range.Min} and {range.Max} degrees; {d} is outside that range.");
                    }
                });
        }
    }

    private sealed class PlanValidator : AbstractValidator<PlanInput>
    {
        public PlanValidator()
        {
            RuleFor(x => x.Techniques).MaxCount(InputLimits.MaxCodes);
            RuleForEach(x => x.Techniques).NotEmpty().WithMessage("Must be a technique code.").OneOf(Domain.Techniques.All, "technique");
            RuleFor(x => x.BodyRegions).MaxCount(InputLimits.MaxCodes);
            RuleForEach(x => x.BodyRegions).NotEmpty().WithMessage("Must be a body region code.").OneOf(Domain.BodyRegions.All, "body region");
            RuleFor(x => x.HomeCare).StorableText(InputLimits.Narrative);
        }
    }

    private sealed class OutcomeMeasureValidator : AbstractValidator<OutcomeMeasureInput>
    {
        public OutcomeMeasureValidator()
        {
            RuleFor(x => x.Instrument).NotEmpty().WithMessage("Required: ODI, NDI or FIQR.").OneOf(OutcomeInstruments.MeasureCodes, "instrument");
            RuleFor(x => x.Score).NotNull().WithMessage("Required: the instrument's total score.")
                .Custom((score, context) =>
                {
                    if (score is not { } s || OutcomeInstruments.Find(context.InstanceToValidate.Instrument) is not { } instrument) return;
                    if (!instrument.Contains(s))
                    {
                        context.AddFailure($"{instrument.Code} scores run from {instrument.Min} to {instrument.Max}; {s} is outside that range.");
                    }
                    else if (decimal.Round(s, 1) != s)
                    {
                        context.AddFailure($"{instrument.Code} scores are recorded to one decimal place at most.");
                    }
                });
        }
    }
}

internal static class ValidationRules
{
    /// <summary>Pain on the 0-10 Numeric Pain Rating Scale, in whole points.</summary>
    public static IRuleBuilderOptions<T, int?> PainScore<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(0, 10).WithMessage("Pain is rated in whole points from 0 (none) to 10 (worst imaginable).");

    /// <summary>A code from a fixed vocabulary; an empty one is left to a Required rule.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> codes, string what) =>
        rule.Must(code => string.IsNullOrEmpty(code) || Vocabulary.Contains(codes, code))
            .WithMessage((_, code) => $"Unknown {what} '{Vocabulary.Quote(code)}'. Use one of: {Vocabulary.Describe(codes)}.");

    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>?> MaxCount<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, int max) =>
        rule.Must(items => items is null || items.Count <= max).WithMessage($"At most {max} entries.");

    /// <summary>Free text PostgreSQL can store: bounded, no NUL character, no broken surrogate pair.</summary>
    public static IRuleBuilderOptions<T, string?> StorableText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage($"At most {maxLength} characters.")
            .Must(FreeText.IsStorable).WithMessage("Contains a character that cannot be stored (NUL or an unpaired surrogate).");
}
