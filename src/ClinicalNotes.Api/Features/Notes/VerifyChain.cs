using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;
using ClinicalNotes.Api.Extensions;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// Walks a client's chain of signed notes and names the first broken link (see <see cref="HashChain"/>): hashes and
/// positions only, never a body. HQ auditors verify any client; managers the clients with notes at their locations.
/// </summary>
public sealed record VerifyChain(Guid? ClientId) : IQuery<ChainVerification>;

internal sealed class VerifyChainValidator : AbstractValidator<VerifyChain>
{
    public VerifyChainValidator() =>
        RuleFor(x => x.ClientId).NotNull().NotEqual(Guid.Empty).WithMessage("Required: the client whose chain to verify.");
}

internal sealed class VerifyChainHandler(ClinicalNotesDbContext db, NoteChainVerifier verifier, CurrentUser user)
    : IQueryHandler<VerifyChain, ChainVerification>
{
    public async ValueTask<ChainVerification> Handle(VerifyChain query, CancellationToken cancellationToken)
    {
        var clientId = query.ClientId!.Value;
        if (!user.SeesAllLocations())
        {
            var locations = user.LocationIds;
            if (!await db.Notes.AnyAsync(n => n.ClientId == clientId && locations.Contains(n.LocationId), cancellationToken))
            {
                throw new AccessDeniedException(AccessDeniedException.OutsideYourLocations,
                    "This client has no notes at your locations. Ask a manager where the client is treated, or HQ.");
            }
        }

        return await verifier.VerifyAsync(clientId, cancellationToken);
    }
}
