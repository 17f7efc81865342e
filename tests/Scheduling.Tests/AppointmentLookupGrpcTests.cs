using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;
using Scheduling.Grpc;

namespace Scheduling.Tests;

/// <summary>
/// <c>scheduling.v1.Appointments/GetAppointment</c>, the lookup ClinicalNotes makes before a note is started: the
/// appointment's location, practitioner, client, status, times and referral exactly as stored, or "does not exist".
/// Rows are written straight through the DbContext: the lookup is about reading, not the booking rules.
/// </summary>
public sealed class AppointmentLookupGrpcTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    [Fact]
    public async Task A_stored_appointment_is_described_by_its_ids_status_times_and_referral()
    {
        var referralId = Guid.CreateVersion7();
        var stored = await InsertAsync(AppointmentStatus.CheckedIn, referralId);

        var facts = await LookUpAsync(stored.Id.ToString());

        Assert.True(facts.Exists);
        Assert.Equal(stored.Id.ToString(), facts.AppointmentId);
        Assert.Equal(stored.LocationId.ToString(), facts.LocationId);
        Assert.Equal(stored.PractitionerId.ToString(), facts.PractitionerId);
        Assert.Equal(stored.ClientId.ToString(), facts.ClientId);
        Assert.Equal("checked-in", facts.Status);
        Assert.Equal(stored.StartsAt, facts.StartsAt.ToDateTimeOffset());
        Assert.Equal(stored.EndsAt, facts.EndsAt.ToDateTimeOffset());
        Assert.Equal(referralId.ToString(), facts.ReferralId);
    }

    [Theory]
    [InlineData(AppointmentStatus.Booked, "booked")]
    [InlineData(AppointmentStatus.Completed, "completed")]
    [InlineData(AppointmentStatus.Cancelled, "cancelled")]
    [InlineData(AppointmentStatus.NoShow, "no-show")]
    public async Task The_status_travels_as_its_wire_code(AppointmentStatus status, string code)
    {
        var stored = await InsertAsync(status, referralId: null);

        var facts = await LookUpAsync(stored.Id.ToString());

        Assert.Equal(code, facts.Status);
        Assert.Equal(string.Empty, facts.ReferralId);
    }

    [Fact]
    public async Task An_unknown_appointment_is_an_answer_not_an_error()
    {
        var unknown = Guid.CreateVersion7();

        var facts = await LookUpAsync(unknown.ToString());

        Assert.False(facts.Exists);
        Assert.Equal(unknown.ToString(), facts.AppointmentId);
        Assert.Equal(string.Empty, facts.LocationId);
        Assert.Equal(string.Empty, facts.PractitionerId);
        Assert.Equal(string.Empty, facts.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    public async Task A_malformed_id_is_invalid_argument(string id)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => LookUpAsync(id));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    private async Task<AppointmentFacts> LookUpAsync(string id)
    {
        using var channel = service.CreateGrpcChannel();
        return await new Scheduling.Grpc.Appointments.AppointmentsClient(channel).GetAppointmentAsync(new GetAppointmentRequest { AppointmentId = id });
    }

    private static int _slot;

    /// <summary>A location, a room and one appointment in it, each in its own hour so no exclusion constraint objects.</summary>
    private async Task<Appointment> InsertAsync(AppointmentStatus status, Guid? referralId)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var now = SchedulingServiceFactory.Now;
        var location = Location.Create($"Lookup {Guid.NewGuid():N}", TimeZoneInfo.Utc, "US-NY",
            new Address("1 Main Street", null, "Springfield", "10001"), [], now);
        var room = Room.Create(location.Id, "Room 1", now);
        var startsAt = now.AddHours(Interlocked.Increment(ref _slot));
        var appointment = new Appointment
        {
            Id = Guid.CreateVersion7(),
            ClientId = Guid.CreateVersion7(),
            PractitionerId = Guid.CreateVersion7(),
            LocationId = location.Id,
            RoomId = room.Id,
            StartsAt = startsAt,
            EndsAt = startsAt.AddMinutes(60),
            Service = ServiceCode.Treatment60,
            ReferralId = referralId,
            Status = status,
            CancellationReason = status == AppointmentStatus.Cancelled ? "client ill" : null,
            CreatedAt = now,
            StatusChangedAt = now,
        };
        db.AddRange(location, room, appointment);
        await db.SaveChangesAsync();
        return appointment;
    }
}
