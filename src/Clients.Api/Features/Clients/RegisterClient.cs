using System.Text.Json.Serialization;
using Clients.Api.Domain;
using Clients.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace Clients.Api.Features.Clients;

public sealed record RegisterClient(
    string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Email, string? Phone, Guid? HomeLocationId, InsuranceInput? Insurance)
    : ICommand<ClientView>, IClientDetailsInput
{
    /// <summary>From <c>?allowDuplicate=true</c>: the caller checked that this is a different person.</summary>
    [JsonIgnore]
    public bool AllowDuplicate { get; init; }
}

internal sealed class RegisterClientValidator : AbstractValidator<RegisterClient>
{
    public RegisterClientValidator(TimeProvider clock) => Include(new ClientDetailsRules<RegisterClient>(clock));
}

/// <summary>
/// Registers a client unless a client with the same normalized name and date of birth exists (a probable
/// duplicate), which is refused with the existing ids unless the caller allows it. Two registrations of
/// the same new person at once must not both pass the check: each takes a transaction-level advisory
/// lock on the hash of the identity, so the second waits, then sees the first's row.
/// </summary>
internal sealed class RegisterClientHandler(ClientsDbContext db, CurrentUser user, TimeProvider clock)
    : ICommandHandler<RegisterClient, ClientView>
{
    public async ValueTask<ClientView> Handle(RegisterClient command, CancellationToken cancellationToken)
    {
        user.RequireLocation(command.HomeLocationId!.Value);
        var client = Client.Register(command.ToDetails(), clock.GetUtcNow(), user.Id);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!command.AllowDuplicate)
        {
            var identity = $"{client.NameLastFirst}|{client.DateOfBirth:yyyy-MM-dd}";
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({identity}, 0))", cancellationToken);
            var existing = await db.Clients
                .Where(c => c.NameLastFirst == client.NameLastFirst && c.DateOfBirth == client.DateOfBirth)
                .OrderBy(c => c.Id)
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
            if (existing.Count > 0)
            {
                throw new ConflictException(
                    "probable_duplicate",
                    $"A client with the same name and date of birth is already registered ({string.Join(", ", existing)}). " +
                    "Open that record instead; if this is a different person, register again with ?allowDuplicate=true.",
                    new Dictionary<string, object?> { ["existingClientIds"] = existing });
            }
        }

        db.Clients.Add(client);
        // Integration event "client registered" goes into the outbox here, in this transaction, when the outbox lands.
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ClientView.From(client);
    }
}
