using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Physicians;

public sealed record GetPhysician(Guid Id) : IQuery<PhysicianView>;

internal sealed class GetPhysicianHandler(ReferralsDbContext db) : IQueryHandler<GetPhysician, PhysicianView>
{
    public async ValueTask<PhysicianView> Handle(GetPhysician query, CancellationToken cancellationToken)
    {
        var physician = await db.Physicians.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Physician", query.Id);
        return PhysicianView.From(physician);
    }
}

public sealed record PhysicianView(
    Guid Id, string Npi, string FirstName, string LastName, string Credential, string PracticeName, string Phone, string Fax, DateTimeOffset RegisteredAt)
{
    public static PhysicianView From(Physician p) =>
        new(p.Id, p.Npi, p.FirstName, p.LastName, p.Credential, p.PracticeName, p.Phone, p.Fax, p.RegisteredAt);
}
