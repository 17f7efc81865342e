using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Referrals;

/// <summary>
/// A physician's prescription for medical massage. Idempotent: <see cref="IdempotencyKey"/> (the
/// <c>Idempotency-Key</c> header) with the same terms answers the referral it created; with other terms, 422
/// <c>idempotency_key_reused</c>. Keys are scoped to the submitter (<see cref="CurrentUser.Id"/>) and remembered
/// only for submissions that were stored: a refused one may be sent again with the same key.
/// </summary>
public sealed record SubmitReferral(
    Guid? PhysicianId,
    Guid? ClientId,
    PatientInput? Client,
    IReadOnlyList<string?>? Diagnoses,
    IReadOnlyList<string?>? CptCodes,
    IReadOnlyList<string?>? BodyRegions,
    int? FrequencyPerWeek,
    int? DurationWeeks,
    int? AuthorizedVisits,
    int? SessionMinutes,
    string? Precautions,
    DateOnly? StartDate,
    DateOnly? ExpiresOn,
    AttestationInput? Attestation) : ICommand<SubmittedReferral>
{
    public static readonly SubmitReferral Empty = new(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>From the <c>Idempotency-Key</c> header, never from the body.</summary>
    [JsonIgnore]
    public string IdempotencyKey { get; init; } = string.Empty;

    /// <summary>Only after validation: the terms, normalized.</summary>
    public ReferralTerms ToTerms() => new(
        PhysicianId!.Value,
        ClientId,
        Client is { } patient
            ? new PatientDetails(patient.FirstName!.Trim(), patient.LastName!.Trim(), patient.DateOfBirth!.Value, PhoneNumbers.ToE164(patient.Phone)!)
            : null,
        Diagnoses!.Select(d => Icd10Cm.Normalize(d!)).ToList(),
        CptCodes!.Select(c => c!).ToList(),
        BodyRegions!.Select(b => b!).ToList(),
        FrequencyPerWeek!.Value,
        DurationWeeks!.Value,
        AuthorizedVisits!.Value,
        SessionMinutes!.Value,
        string.IsNullOrWhiteSpace(Precautions) ? null : Precautions.Trim(),
        StartDate!.Value,
        ExpiresOn!.Value,
        new Attestation(Attestation!.SignedBy!.Trim(), Instants.ToStoredPrecision(Attestation.SignedAt!.Value)));
}

public sealed record PatientInput(string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Phone);

public sealed record AttestationInput(string? SignedBy, DateTimeOffset? SignedAt);

/// <param name="Replayed">True when the key was seen before: this is the referral the first submission created.</param>
public sealed record SubmittedReferral(ReferralView Referral, bool Replayed);

internal sealed class SubmitReferralValidator : AbstractValidator<SubmitReferral>
{
    public const int MaxDiagnoses = 12;
    public const int MaxVisits = 365;
    public const int MaxWeeks = 52;

    /// <summary>How far from today a prescription may start, either way.</summary>
    public const int StartWindowDays = 365;

    /// <summary>The longest a prescription may run; payers want a plan of care renewed at least yearly.</summary>
    public const int MaxLengthDays = 366;

    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public SubmitReferralValidator(TimeProvider clock)
    {
        RuleFor(x => x.PhysicianId).NotNull().NotEqual(Guid.Empty).WithMessage("Must be the id of a registered physician (POST /api/physicians).");

        RuleFor(x => x.ClientId).NotNull().When(x => x.Client is null)
            .WithMessage("Send clientId (a registered client) or client {firstName, lastName, dateOfBirth, phone} (a patient not registered yet).");
        RuleFor(x => x.ClientId).NotEqual(Guid.Empty).When(x => x.ClientId is not null).WithMessage("Must be a client id, not the empty UUID.");
        RuleFor(x => x.Client).Null().When(x => x.ClientId is not null).WithMessage("Send either clientId or client, not both.");
        When(x => x.Client is not null && x.ClientId is null, () =>
        {
            RuleFor(x => x.Client!.FirstName).Name();
            RuleFor(x => x.Client!.LastName).Name();
            RuleFor(x => x.Client!.DateOfBirth).NotNull()
                .Must(d => d >= EarliestBirthDate && d <= Today(clock).AddDays(1))
                .WithMessage($"Must be a date (YYYY-MM-DD) from {IsoDate.Of(EarliestBirthDate)} up to today.");
            RuleFor(x => x.Client!.Phone).Phone();
        });

        RuleFor(x => x.Diagnoses).NotNull().NotEmpty().WithMessage("Name at least one ICD-10-CM diagnosis code, primary first.")
            .Must(l => l!.Count <= MaxDiagnoses).WithMessage($"At most {MaxDiagnoses} diagnoses.")
            .Must(l => Distinct(l!, Icd10Cm.Normalize)).WithMessage("Must not repeat a code.");
        RuleForEach(x => x.Diagnoses).NotEmpty().MaximumLength(10).Must(Icd10Cm.IsValidShape).WithMessage(Icd10Cm.Rule);

        RuleFor(x => x.CptCodes).NotNull().NotEmpty().WithMessage("Name at least one CPT treatment code.")
            .Must(l => Distinct(l!, c => c)).WithMessage("Must not repeat a code.");
        RuleForEach(x => x.CptCodes).Must(c => Vocabulary.Contains(CptCodes.All, c))
            .WithMessage($"Must be one of the CPT codes {Vocabulary.Describe(CptCodes.All)}.");

        RuleFor(x => x.BodyRegions).NotNull().NotEmpty().WithMessage("Name at least one body region to treat.")
            .Must(l => Distinct(l!, c => c)).WithMessage("Must not repeat a region.");
        RuleForEach(x => x.BodyRegions).Must(c => Vocabulary.Contains(BodyRegions.All, c))
            .WithMessage($"Must be one of {Vocabulary.Describe(BodyRegions.All)}.");

        RuleFor(x => x.FrequencyPerWeek).NotNull().InclusiveBetween(1, 7).WithMessage("Must be sessions per week, from 1 to 7.");
        RuleFor(x => x.DurationWeeks).NotNull().InclusiveBetween(1, MaxWeeks).WithMessage($"Must be weeks, from 1 to {MaxWeeks}.");
        RuleFor(x => x.AuthorizedVisits).NotNull().InclusiveBetween(1, MaxVisits).WithMessage($"Must be visits, from 1 to {MaxVisits}.")
            .Must((x, visits) => visits <= x.FrequencyPerWeek * x.DurationWeeks)
            .When(x => x.FrequencyPerWeek is >= 1 and <= 7 && x.DurationWeeks is >= 1 and <= MaxWeeks, ApplyConditionTo.CurrentValidator)
            .WithMessage(x => $"Must not exceed frequencyPerWeek x durationWeeks ({x.FrequencyPerWeek * x.DurationWeeks}).");
        RuleFor(x => x.SessionMinutes).NotNull().InclusiveBetween(15, 120).Must(m => m % 15 == 0)
            .WithMessage("Must be the session length in minutes: 15 to 120, in 15-minute units (30, 60, 90).");
        RuleFor(x => x.Precautions).MaximumLength(Referral.PrecautionsMaxLength).PlainText();

        RuleFor(x => x.StartDate).NotNull()
            .Must(d => Math.Abs(d!.Value.DayNumber - Today(clock).DayNumber) <= StartWindowDays)
            .WithMessage($"Must be a date (YYYY-MM-DD) within {StartWindowDays} days of today.");
        RuleFor(x => x.ExpiresOn).NotNull()
            .Must((x, d) => d > x.StartDate).When(x => x.StartDate is not null, ApplyConditionTo.CurrentValidator).WithMessage("Must be after startDate.")
            .Must((x, d) => d!.Value.DayNumber - x.StartDate!.Value.DayNumber <= MaxLengthDays).When(x => x.StartDate is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"Must be at most {MaxLengthDays} days after startDate; a longer plan of care needs a new prescription.");

        RuleFor(x => x.Attestation).NotNull().WithMessage("The physician's attestation {signedBy, signedAt} is required.");
        When(x => x.Attestation is not null, () =>
        {
            RuleFor(x => x.Attestation!.SignedBy).Text(Referral.SignedByMaxLength);
            RuleFor(x => x.Attestation!.SignedAt).NotNull()
                .Must(t => t!.Value.Year >= 2000 && t.Value <= clock.GetUtcNow() + ClockSkew)
                .WithMessage("Must be when the physician signed, with its offset (2026-03-14T09:30:00-05:00), not in the future.");
        });
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static bool Distinct(IReadOnlyList<string?> codes, Func<string, string> normalize) =>
        codes.Where(c => c is not null).Select(c => normalize(c!)).Distinct(StringComparer.Ordinal).Count() == codes.Count(c => c is not null);
}

internal sealed class SubmitReferralHandler(ReferralsDbContext db, ClientRegistry clients, CurrentUser user, TimeProvider clock)
    : ICommandHandler<SubmitReferral, SubmittedReferral>
{
    public const string PhysicianNotFound = "physician_not_found";
    public const string KeyReused = "idempotency_key_reused";

    public async ValueTask<SubmittedReferral> Handle(SubmitReferral command, CancellationToken cancellationToken)
    {
        var terms = command.ToTerms();
        var fingerprint = terms.Fingerprint();
        var submitter = user.Id;
        if (await ReplayAsync(submitter, command.IdempotencyKey, fingerprint, cancellationToken) is { } replay) return replay;

        if (!await db.Physicians.AnyAsync(p => p.Id == terms.PhysicianId, cancellationToken))
        {
            throw new BusinessRuleException(PhysicianNotFound, [$"physicianId:{terms.PhysicianId}"],
                $"No physician {terms.PhysicianId} is registered. Register the physician first (POST /api/physicians) and use the id it returns.");
        }

        if (terms.ClientId is { } clientId) await clients.EnsureExistsAsync(clientId, "clientId", cancellationToken);

        var now = clock.GetUtcNow();
        var referral = Referral.Submit(terms, command.IdempotencyKey, submitter, now);
        db.Referrals.Add(referral);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(ReferralConfiguration.UniqueIdempotencyKey))
        {
            // The same key submitted concurrently: the first one stored wins; this request answers like a retry.
            db.ChangeTracker.Clear();
            return await ReplayAsync(submitter, command.IdempotencyKey, fingerprint, cancellationToken)
                ?? throw new InvalidOperationException("The idempotency key collided with a referral that cannot be read back.");
        }

        var visits = new VisitAccount(referral.AuthorizedVisits, 0, 0);
        return new SubmittedReferral(ReferralView.From(referral, visits, ReferralCalendar.Today(now)), Replayed: false);
    }

    /// <summary>The referral this key created, when the terms are the same; 422 when they are not; null when the key is new.</summary>
    private async Task<SubmittedReferral?> ReplayAsync(string submitter, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var row = await db.WithLapsedHolds(now).AsNoTracking()
            .SingleOrDefaultAsync(r => r.Referral.SubmittedBy == submitter && r.Referral.IdempotencyKey == key, cancellationToken);
        if (row is null) return null;
        if (row.Referral.RequestHash != fingerprint)
        {
            throw new BusinessRuleException(KeyReused, ["Idempotency-Key"],
                $"This Idempotency-Key already submitted referral {row.Referral.Id} with different terms. Use a new key for a new referral, or resend the original body unchanged.",
                new Dictionary<string, object?> { ["referralId"] = row.Referral.Id });
        }

        var accounted = row.ToAccounted();
        return new SubmittedReferral(ReferralView.From(accounted.Referral, accounted.Visits, ReferralCalendar.Today(now)), Replayed: true);
    }
}
