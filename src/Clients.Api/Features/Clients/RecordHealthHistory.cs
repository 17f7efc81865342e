using System.Text.Json.Serialization;
using Clients.Api.Domain;
using Clients.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Platform.ServiceDefaults.Security;

namespace Clients.Api.Features.Clients;

/// <summary>
/// Replaces the health history. Every list is required (an empty list says "none"), so a client that
/// forgets a field cannot silently erase a contraindication.
/// </summary>
public sealed record RecordHealthHistory(
    IReadOnlyList<string?>? Conditions,
    IReadOnlyList<string?>? Medications,
    IReadOnlyList<Contraindication>? Contraindications,
    ClearanceInput? Clearance)
    : ICommand<ClientView>
{
    [JsonIgnore]
    public Guid ClientId { get; init; }

    /// <summary>The version from <c>If-Match</c>.</summary>
    [JsonIgnore]
    public uint IfMatch { get; init; }
}

public sealed record ClearanceInput(string? PhysicianNpi, DateOnly? ClearedOn, string? Note);

internal sealed class RecordHealthHistoryValidator : AbstractValidator<RecordHealthHistory>
{
    public RecordHealthHistoryValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Conditions).NotNull().Must(l => l!.Count <= InputRules.HistoryMaxItems)
            .WithMessage($"At most {InputRules.HistoryMaxItems} entries.");
        RuleForEach(x => x.Conditions).NotEmpty().MaximumLength(InputRules.HistoryItemMaxLength)
            .Must(t => InputRules.IsPlainText(t!)).WithMessage("Must not contain control characters.");
        RuleFor(x => x.Medications).NotNull().Must(l => l!.Count <= InputRules.HistoryMaxItems)
            .WithMessage($"At most {InputRules.HistoryMaxItems} entries.");
        RuleForEach(x => x.Medications).NotEmpty().MaximumLength(InputRules.HistoryItemMaxLength)
            .Must(t => InputRules.IsPlainText(t!)).WithMessage("Must not contain control characters.");
        RuleFor(x => x.Contraindications).NotNull()
            .WithMessage($"Required (an empty list when there are none); codes: {string.Join(", ", Codes.All<Contraindication>())}.");
        RuleForEach(x => x.Contraindications).IsInEnum()
            .WithMessage($"Must be one of {string.Join(", ", Codes.All<Contraindication>())}.");
        When(x => x.Clearance is not null, () =>
        {
            RuleFor(x => x.Clearance!.PhysicianNpi).NotEmpty().Must(Npi.IsValid).WithMessage(Npi.Rule);
            RuleFor(x => x.Clearance!.ClearedOn).NotNull()
                .Must(d => d!.Value >= InputRules.EarliestBirthDate && InputRules.IsNotFuture(d.Value, clock.GetUtcNow()))
                .WithMessage("Must be the date (YYYY-MM-DD) the physician cleared the client, not in the future.");
            RuleFor(x => x.Clearance!.Note).MaximumLength(InputRules.ClearanceNoteMaxLength)
                .Must(t => InputRules.IsPlainText(t!)).When(x => x.Clearance!.Note is not null)
                .WithMessage("Must not contain control characters other than line breaks.");
        });
    }
}

internal sealed class RecordHealthHistoryHandler(ClientsDbContext db, CurrentUser user, TimeProvider clock)
    : ICommandHandler<RecordHealthHistory, ClientView>
{
    public async ValueTask<ClientView> Handle(RecordHealthHistory command, CancellationToken cancellationToken)
    {
        var client = await db.ClientForUpdateAsync(command.ClientId, command.IfMatch, cancellationToken);
        user.RequireLocation(client.HomeLocationId);
        var now = clock.GetUtcNow();
        var history = new HealthHistory(
            command.Conditions!.Select(t => t!.Trim()).ToList(),
            command.Medications!.Select(t => t!.Trim()).ToList(),
            command.Contraindications!,
            command.Clearance is { } clearance
                ? new PhysicianClearance(clearance.PhysicianNpi!, clearance.ClearedOn!.Value, string.IsNullOrWhiteSpace(clearance.Note) ? null : clearance.Note.Trim(), now)
                : null);
        client.RecordHealthHistory(history, now, user.Id);
        // Integration event "booking status changed" goes into the outbox here when the outbox lands.
        await db.SaveUpdateAsync(cancellationToken);
        return ClientView.From(client);
    }
}
