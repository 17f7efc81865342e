using Credentials.Api.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Practitioners;

public sealed record GetPractitioner(Guid Id) : IQuery<PractitionerView>;

internal sealed class GetPractitionerHandler(CredentialsDbContext db, TimeProvider clock) : IQueryHandler<GetPractitioner, PractitionerView>
{
    public async ValueTask<PractitionerView> Handle(GetPractitioner query, CancellationToken cancellationToken)
    {
        var practitioner = await db.Practitioners.AsNoTracking()
            .Include(p => p.Licenses).ThenInclude(l => l.Verifications)
            .Include(p => p.Certifications)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Practitioner", query.Id);
        return PractitionerView.From(practitioner, clock.GetUtcNow());
    }
}
