using System.Text.Json.Serialization;
using Clients.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Platform.ServiceDefaults.Security;

namespace Clients.Api.Features.Clients;

/// <summary>Replaces the client's details (not the health history or consents) at the version the caller read.</summary>
public sealed record UpdateClient(
    string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Email, string? Phone, Guid? HomeLocationId, InsuranceInput? Insurance)
    : ICommand<ClientView>, IClientDetailsInput
{
    [JsonIgnore]
    public Guid ClientId { get; init; }

    /// <summary>The version from <c>If-Match</c>.</summary>
    [JsonIgnore]
    public uint IfMatch { get; init; }
}

internal sealed class UpdateClientValidator : AbstractValidator<UpdateClient>
{
    public UpdateClientValidator(TimeProvider clock) => Include(new ClientDetailsRules<UpdateClient>(clock));
}

internal sealed class UpdateClientHandler(ClientsDbContext db, CurrentUser user, TimeProvider clock) : ICommandHandler<UpdateClient, ClientView>
{
    public async ValueTask<ClientView> Handle(UpdateClient command, CancellationToken cancellationToken)
    {
        var client = await db.ClientForUpdateAsync(command.ClientId, command.IfMatch, cancellationToken);
        // A write at the client's current home location (moving the client elsewhere included).
        user.RequireLocation(client.HomeLocationId);
        client.Update(command.ToDetails(), clock.GetUtcNow(), user.Id);
        await db.SaveUpdateAsync(cancellationToken);
        return ClientView.From(client);
    }
}
