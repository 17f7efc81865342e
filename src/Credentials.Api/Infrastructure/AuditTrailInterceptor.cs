using System.Text.Json;
using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Platform.ServiceDefaults.Json;
using Platform.ServiceDefaults.Security;

namespace Credentials.Api.Infrastructure;

/// <summary>
/// Writes an audit record for every created, changed or deleted <see cref="IAudited"/> entity, as part of the
/// same SaveChanges (so in the same transaction): no change can be stored without its record, and a failed
/// save stores neither. Hooked into the context itself, so no use case can forget it.
/// </summary>
internal sealed class AuditTrailInterceptor(IHttpContextAccessor httpContext, TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddAuditRecords(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddAuditRecords(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddAuditRecords(DbContext? context)
    {
        if (context is null) return;

        var actor = new CurrentUser(httpContext).Id;
        var now = clock.GetUtcNow();
        var records = context.ChangeTracker.Entries<IAudited>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => new AuditRecord
            {
                OccurredAt = now,
                Actor = actor,
                EntityType = JsonNamingPolicy.KebabCaseLower.ConvertName(e.Metadata.ClrType.Name),
                EntityId = e.Entity.Id,
                PractitionerId = e.Entity.PractitionerId,
                Action = e.State switch
                {
                    EntityState.Added => "created",
                    EntityState.Modified => "updated",
                    _ => "deleted",
                },
                Before = e.State == EntityState.Added ? null : Snapshot(e, original: true),
                After = e.State == EntityState.Deleted ? null : Snapshot(e, original: false),
            })
            .ToList();
        context.AddRange(records);
    }

    /// <summary>Every stored field of the record (camelCase, wire formats), except the row version.</summary>
    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            if (property.Metadata.IsConcurrencyToken) continue;
            values[JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name)] = original ? property.OriginalValue : property.CurrentValue;
        }

        return JsonSerializer.Serialize(values, PlatformJson.Web);
    }
}
