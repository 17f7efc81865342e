using Clients.Api.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;

namespace Clients.Api.Features.Clients;

public sealed record GetClient(Guid ClientId) : IQuery<ClientView>;

internal sealed class GetClientHandler(ClientsDbContext db) : IQueryHandler<GetClient, ClientView>
{
    public async ValueTask<ClientView> Handle(GetClient query, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().Include(c => c.Consents)
            .FirstOrDefaultAsync(c => c.Id == query.ClientId, cancellationToken)
            ?? throw new NotFoundException("Client", query.ClientId);
        return ClientView.From(client);
    }
}
