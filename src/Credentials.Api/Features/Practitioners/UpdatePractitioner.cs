using Credentials.Api.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Practitioners;

/// <summary>Corrects a practitioner's name, email or NPI; <see cref="Version"/> is the ETag the caller read.</summary>
public sealed record UpdatePractitioner(string? FirstName, string? LastName, string? Email, string? Npi)
    : ICommand<PractitionerView>, IPractitionerDetails
{
    public Guid Id { get; init; }
    public uint Version { get; init; }
}

internal sealed class UpdatePractitionerValidator : PractitionerDetailsValidator<UpdatePractitioner>;

internal sealed class UpdatePractitionerHandler(CredentialsDbContext db, TimeProvider clock) : ICommandHandler<UpdatePractitioner, PractitionerView>
{
    public async ValueTask<PractitionerView> Handle(UpdatePractitioner command, CancellationToken cancellationToken)
    {
        var practitioner = await db.Practitioners
            .Include(p => p.Licenses).ThenInclude(l => l.Verifications)
            .Include(p => p.Certifications)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("Practitioner", command.Id);

        db.Entry(practitioner).Property(p => p.Version).OriginalValue = command.Version;
        practitioner.Update(command.FirstName!, command.LastName!, command.Email!, command.Npi);
        await PractitionerNpi.SaveAsync(db, practitioner.Npi, cancellationToken);
        return PractitionerView.From(practitioner, clock.GetUtcNow());
    }
}
