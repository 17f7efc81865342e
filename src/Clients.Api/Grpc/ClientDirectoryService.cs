using Clients.Api.Features.Clients;
using Clients.Grpc;
using Grpc.Core;
using Mediator;
using Platform.ServiceDefaults.Problems;

namespace Clients.Api.Grpc;

/// <summary>gRPC adapter over the booking-profile use case.</summary>
internal sealed class ClientDirectoryService(IMediator mediator) : ClientDirectory.ClientDirectoryBase
{
    public override async Task<BookingProfile> GetBookingProfile(GetBookingProfileRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.ClientId, out var clientId))
        {
            throw new InvalidInputException("clientId", "Must be a UUID.");
        }

        var profile = await mediator.Send(new GetBookingProfile(clientId), context.CancellationToken);
        var reply = new BookingProfile
        {
            Exists = profile.Exists,
            ClientId = profile.ClientId.ToString(),
            HomeLocationId = profile.HomeLocationId?.ToString() ?? string.Empty,
            Blocked = profile.Blocked,
        };
        reply.Reasons.Add(profile.Reasons);
        return reply;
    }
}
