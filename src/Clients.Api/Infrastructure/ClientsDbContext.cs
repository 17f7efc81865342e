using Clients.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.ServiceDefaults.Problems;

namespace Clients.Api.Infrastructure;

public sealed class ClientsDbContext(DbContextOptions<ClientsDbContext> options) : DbContext(options)
{
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Consent> Consents => Set<Consent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClientsDbContext).Assembly);
    }

    /// <summary>
    /// The client (with consents) for an update that must apply to the version the caller read
    /// (<c>If-Match</c>): 404 when absent, 409 <c>stale_write</c> when it changed since; and if it changes
    /// between this read and the save, the save's <c>WHERE xmin = version</c> refuses it.
    /// </summary>
    public async Task<Client> ClientForUpdateAsync(Guid id, uint ifMatch, CancellationToken cancellationToken)
    {
        var client = await Clients.Include(c => c.Consents).FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Client", id);
        if (client.Version != ifMatch) throw StaleWrite();
        Entry(client).Property(c => c.Version).OriginalValue = ifMatch;
        return client;
    }

    /// <summary>Saves an update prepared by <see cref="ClientForUpdateAsync"/>.</summary>
    public async Task SaveUpdateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw StaleWrite();
        }
    }

    private static ConflictException StaleWrite() => new(
        "stale_write",
        "Someone changed this client after you read it. Read it again, reapply your change and send it with the new ETag.");
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service or database.</summary>
internal sealed class ClientsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ClientsDbContext>
{
    public ClientsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ClientsDbContext>().UseNpgsql("Host=localhost;Database=clientsdb").UsePlatformConventions().Options);
}
