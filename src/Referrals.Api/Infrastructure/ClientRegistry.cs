using Clients.Grpc;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Problems;

namespace Referrals.Api.Infrastructure;

/// <summary>Asks Clients (its <c>ClientDirectory</c> over gRPC) whether a client is registered.</summary>
public sealed class ClientRegistry(ClientDirectory.ClientDirectoryClient directory)
{
    public const string ServiceName = "clients";
    public const string ClientNotFound = "client_not_found";

    /// <summary>Refuses with 422 <c>client_not_found</c> when Clients does not know the client; 503 when Clients does not answer.</summary>
    public async Task EnsureExistsAsync(Guid clientId, string field, CancellationToken cancellationToken)
    {
        var profile = await RemoteCall.InvokeAsync(ServiceName, async () =>
            await directory.GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = clientId.ToString() }, cancellationToken: cancellationToken));
        if (!profile.Exists)
        {
            throw new BusinessRuleException(ClientNotFound, [$"{field}:{clientId}"],
                $"No client {clientId} is registered. Register the client first (POST /api/clients), or send the patient's details as 'client' instead.");
        }
    }
}
