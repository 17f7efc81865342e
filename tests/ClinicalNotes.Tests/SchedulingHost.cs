extern alias scheduling;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchedulingDomain = scheduling::Scheduling.Api.Domain;
using SchedulingDb = scheduling::Scheduling.Api.Infrastructure.SchedulingDbContext;

namespace ClinicalNotes.Tests;

/// <summary>
/// The real Scheduling service (real Kestrel, real gRPC, its own fresh database), started once for the whole test
/// run and shared by every ClinicalNotes host: ClinicalNotes asks it about appointments exactly as in production.
/// Appointments are written straight into its database (<see cref="BookAsync"/>): the notes' rules are under test
/// here, not Scheduling's booking gates. Two locations exist: <see cref="TestCaller.HomeLocation"/> and
/// <see cref="TestCaller.OtherLocation"/>, each with one room.
/// </summary>
public static class SchedulingHost
{
    private static readonly Lazy<Task<ServiceFactory<scheduling::Program>>> Shared = new(StartAsync);
    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static int _slot;

    public static Task<ServiceFactory<scheduling::Program>> GetAsync() => Shared.Value;

    /// <summary>The practitioner id a test therapist's token carries: one per subject, the same in every test.</summary>
    public static Guid PractitionerOf(string subject) =>
        new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("practitioner:" + subject)));

    /// <summary>
    /// Stores the appointment (if it is not stored yet) with its client, practitioner, location and status, in an hour
    /// of its own so no double-booking constraint objects.
    /// </summary>
    public static async Task BookAsync(Guid appointmentId, Guid clientId, Guid practitionerId, Guid? locationId = null,
        string status = "checked-in", Guid? referralId = null)
    {
        var host = await GetAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDb>();
        var location = locationId ?? TestCaller.HomeLocation;
        var startsAt = Epoch.AddHours(Interlocked.Increment(ref _slot));
        var cancellation = status == "cancelled" ? "client ill" : null;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO appointments (id, client_id, practitioner_id, location_id, room_id, starts_at, ends_at, service, referral_id,
                                      status, cancellation_reason, created_at, status_changed_at)
            VALUES ({appointmentId}, {clientId}, {practitionerId}, {location}, {RoomOf(location)}, {startsAt}, {startsAt.AddHours(1)},
                    'treatment-60', {referralId}, {status}, {cancellation}, {Epoch}, {Epoch})
            ON CONFLICT (id) DO NOTHING
            """);
    }

    private static Guid RoomOf(Guid location) => new(System.Security.Cryptography.MD5.HashData(location.ToByteArray()));

    private static async Task<ServiceFactory<scheduling::Program>> StartAsync()
    {
        // Test users on: ClinicalNotes' test hosts call it as a platform service (test headers instead of a token).
        var host = new ServiceFactory<scheduling::Program>("schedulingdb").UseRealServer().WithTestUsers();
        await host.InitializeAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDb>();
        foreach (var id in new[] { TestCaller.HomeLocation, TestCaller.OtherLocation })
        {
            var location = SchedulingDomain.Location.Create($"Clinic {id}", TimeZoneInfo.Utc, "US-NY",
                new SchedulingDomain.Address("1 Main Street", null, "Springfield", "10001"), [], Epoch);
            db.Entry(location).Property(l => l.Id).CurrentValue = id;
            var room = SchedulingDomain.Room.Create(id, "Room 1", Epoch);
            db.Entry(room).Property(r => r.Id).CurrentValue = RoomOf(id);
            db.AddRange(location, room);
        }

        await db.SaveChangesAsync();
        return host;
    }
}
