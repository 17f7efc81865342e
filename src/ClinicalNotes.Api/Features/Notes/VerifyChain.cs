using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>Walks a client's chain of signed notes and names the first broken link (see <see cref="HashChain"/>).</summary>
public sealed record VerifyChain(Guid? ClientId) : IQuery<ChainVerification>;

internal sealed class VerifyChainValidator : AbstractValidator<VerifyChain>
{
    public VerifyChainValidator() =>
        RuleFor(x => x.ClientId).NotNull().NotEqual(Guid.Empty).WithMessage("Required: the client whose chain to verify.");
}

internal sealed class VerifyChainHandler(NoteChainVerifier verifier) : IQueryHandler<VerifyChain, ChainVerification>
{
    public async ValueTask<ChainVerification> Handle(VerifyChain query, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(query.ClientId!.Value, cancellationToken);
}
