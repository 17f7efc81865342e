using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mediator;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;
using Scheduling.Grpc;

namespace Scheduling.Api.Grpc;

/// <summary>gRPC adapter over <see cref="GetAppointmentFacts"/>.</summary>
internal sealed class AppointmentsService(IMediator mediator) : Scheduling.Grpc.Appointments.AppointmentsBase
{
    public override async Task<AppointmentFacts> GetAppointment(GetAppointmentRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.AppointmentId, out var appointmentId))
        {
            throw new InvalidInputException("appointmentId", "Must be a UUID.");
        }

        var facts = await mediator.Send(new GetAppointmentFacts(appointmentId), context.CancellationToken);
        if (!facts.Exists) return new AppointmentFacts { Exists = false, AppointmentId = appointmentId.ToString() };

        return new AppointmentFacts
        {
            Exists = true,
            AppointmentId = facts.AppointmentId.ToString(),
            LocationId = facts.LocationId.ToString(),
            PractitionerId = facts.PractitionerId.ToString(),
            ClientId = facts.ClientId.ToString(),
            Status = WireCode<AppointmentStatus>.Of(facts.Status),
            StartsAt = Timestamp.FromDateTimeOffset(facts.StartsAt),
            EndsAt = Timestamp.FromDateTimeOffset(facts.EndsAt),
            ReferralId = facts.ReferralId?.ToString() ?? string.Empty,
        };
    }
}
