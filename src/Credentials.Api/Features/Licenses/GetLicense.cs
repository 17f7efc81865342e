using Credentials.Api.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Licenses;

public sealed record GetLicense(Guid PractitionerId, Guid LicenseId) : IQuery<LicenseView>;

internal sealed class GetLicenseHandler(CredentialsDbContext db, TimeProvider clock) : IQueryHandler<GetLicense, LicenseView>
{
    public async ValueTask<LicenseView> Handle(GetLicense query, CancellationToken cancellationToken)
    {
        var license = await db.Licenses.AsNoTracking().Include(l => l.Verifications)
            .FirstOrDefaultAsync(l => l.Id == query.LicenseId && l.PractitionerId == query.PractitionerId, cancellationToken)
            ?? throw new NotFoundException("License", query.LicenseId);
        return LicenseView.From(license, clock.GetUtcNow());
    }
}
