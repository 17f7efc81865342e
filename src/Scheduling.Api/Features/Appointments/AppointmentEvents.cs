using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Scheduling.Api.Domain;
using Scheduling.Events;

namespace Scheduling.Api.Features.Appointments;

/// <summary>The integration events an appointment publishes (scheduling_events.proto): ids, codes and instants only.</summary>
internal static class AppointmentEvents
{
    /// <summary>The event a status change publishes, or null when it publishes none (check-in).</summary>
    public static IMessage? ForStatus(AppointmentView appointment) => appointment.Status switch
    {
        AppointmentStatus.Completed => new AppointmentCompleted { Appointment = Ref(appointment) },
        AppointmentStatus.Cancelled => new AppointmentCancelled { Appointment = Ref(appointment) },
        AppointmentStatus.NoShow => new AppointmentNoShow { Appointment = Ref(appointment) },
        _ => null,
    };

    public static AppointmentBooked Booked(AppointmentView appointment) => new() { Appointment = Ref(appointment) };

    private static AppointmentRef Ref(AppointmentView a) => new()
    {
        AppointmentId = a.Id.ToString(),
        ClientId = a.ClientId.ToString(),
        PractitionerId = a.PractitionerId.ToString(),
        LocationId = a.LocationId.ToString(),
        ReferralId = a.ReferralId?.ToString() ?? string.Empty,
        StartsAt = Timestamp.FromDateTimeOffset(a.Start),
        LocalDate = a.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
