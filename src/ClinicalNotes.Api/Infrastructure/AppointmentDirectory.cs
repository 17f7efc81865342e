using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Problems;
using Scheduling.Grpc;

namespace ClinicalNotes.Api.Infrastructure;

/// <summary>An appointment as Scheduling stores it: whose, where, and how far it went.</summary>
public sealed record AppointmentFactsView(Guid Id, Guid LocationId, Guid PractitionerId, Guid ClientId, string Status, Guid? ReferralId)
{
    public const string CheckedIn = "checked-in";
    public const string Completed = "completed";

    /// <summary>The client came and was (or is being) treated: a note documents that visit.</summary>
    public bool TookPlace => Status is CheckedIn or Completed;
}

/// <summary>
/// Asks Scheduling about one appointment (<c>scheduling.v1.Appointments/GetAppointment</c>), with the gRPC client's
/// deadline: Scheduling down or slow is a 503 (<see cref="DependencyUnavailableException"/>), never a hang.
/// </summary>
public sealed class AppointmentDirectory(Appointments.AppointmentsClient scheduling)
{
    public const string ServiceName = "scheduling";

    /// <summary>The appointment, or null when Scheduling knows no such appointment.</summary>
    public async Task<AppointmentFactsView?> FindAsync(Guid appointmentId, CancellationToken cancellationToken)
    {
        var facts = await RemoteCall.InvokeAsync(ServiceName, async () =>
            await scheduling.GetAppointmentAsync(new GetAppointmentRequest { AppointmentId = appointmentId.ToString() }, cancellationToken: cancellationToken));
        if (!facts.Exists) return null;

        return new AppointmentFactsView(appointmentId, Guid.Parse(facts.LocationId), Guid.Parse(facts.PractitionerId), Guid.Parse(facts.ClientId),
            facts.Status, Guid.TryParse(facts.ReferralId, out var referral) ? referral : null);
    }
}
