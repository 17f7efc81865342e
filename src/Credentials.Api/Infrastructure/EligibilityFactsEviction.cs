using System.Runtime.CompilerServices;
using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Credentials.Api.Infrastructure;

/// <summary>
/// Evicts the practitioners a SaveChanges touched from <see cref="EligibilityFactsCache"/> as soon as it has committed,
/// so this replica's next check reads the change without waiting for the database's notification (which still comes,
/// and tells the other replicas).
/// </summary>
internal sealed class EligibilityFactsEviction(EligibilityFactsCache cache) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Guid[]> _touched = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Evict(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Evict(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Remember(DbContext? context)
    {
        if (context is null) return;
        var touched = context.ChangeTracker.Entries<IAudited>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity.PractitionerId)
            .Distinct()
            .ToArray();
        _touched.AddOrUpdate(context, touched);
    }

    private void Evict(DbContext? context)
    {
        if (context is null || !_touched.TryGetValue(context, out var touched)) return;
        _touched.Remove(context);
        // Inside an explicit transaction nothing is committed yet; the notification at commit evicts then.
        if (context.Database.CurrentTransaction is not null) return;
        foreach (var practitionerId in touched) cache.Evict(practitionerId);
    }
}
