using System.Text.Json.Serialization;
using Clients.Api.Domain;
using Clients.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace Clients.Api.Features.Clients;

/// <summary>Records a consent the client signed (a new row each time; earlier ones stay as history).</summary>
public sealed record RecordConsent(ConsentType? Type, DateTimeOffset? SignedAt) : ICommand<ConsentView>
{
    [JsonIgnore]
    public Guid ClientId { get; init; }
}

internal sealed class RecordConsentValidator : AbstractValidator<RecordConsent>
{
    public RecordConsentValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Type).NotNull().IsInEnum().WithMessage($"Must be one of {string.Join(", ", Codes.All<ConsentType>())}.");
        RuleFor(x => x.SignedAt).NotNull()
            .Must(s => s!.Value.UtcDateTime >= InputRules.EarliestBirthDate.ToDateTime(TimeOnly.MinValue) && InputRules.IsNotFuture(s.Value, clock.GetUtcNow()))
            .WithMessage("Must be when the client signed (ISO 8601 with offset), not in the future.");
    }
}

internal sealed class RecordConsentHandler(ClientsDbContext db, CurrentUser user, TimeProvider clock) : ICommandHandler<RecordConsent, ConsentView>
{
    public async ValueTask<ConsentView> Handle(RecordConsent command, CancellationToken cancellationToken)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == command.ClientId, cancellationToken)
            ?? throw new NotFoundException("Client", command.ClientId);
        user.RequireLocation(client.HomeLocationId);
        var consent = client.RecordConsent(command.Type!.Value, command.SignedAt!.Value, clock.GetUtcNow(), user.Id);
        await db.SaveChangesAsync(cancellationToken);
        return ConsentView.From(consent);
    }
}
