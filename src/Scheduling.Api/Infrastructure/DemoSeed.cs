using Microsoft.EntityFrameworkCore;
using Platform.DemoChain;
using Platform.DemoChain.Seeding;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// The demo chain's locations (opening hours, rooms), weekly shifts and appointments. Locations, rooms and
/// shifts go through the domain factories; shift times are converted by <see cref="Shift.LocalPeriod"/> and
/// must agree with the chain's. Appointments are rows (as the booking store writes them): the exclusion
/// constraints check that no practitioner, room or client is double-booked as they are inserted.
/// </summary>
internal sealed class DemoSeed : IDemoSeeder<SchedulingDbContext>
{
    public Task<bool> IsSeededAsync(SchedulingDbContext db, DemoChain chain, CancellationToken cancellationToken) =>
        db.Locations.AnyAsync(l => l.Id == chain.Locations[0].Id, cancellationToken);

    public async Task<int> SeedAsync(SchedulingDbContext db, DemoChain chain, CancellationToken cancellationToken)
    {
        foreach (var demo in chain.Locations)
        {
            var location = db.WithId(Location.Create(demo.Name, ZonedTime.Find(demo.TimeZone),
                Jurisdictions.Normalize(demo.Jurisdiction) ?? throw new InvalidOperationException($"Unknown jurisdiction {demo.Jurisdiction}."),
                new Address(demo.Address.Line1, demo.Address.Line2, demo.Address.City, demo.Address.PostalCode),
                demo.OpeningHours.Select(h => new OpeningInterval(h.DayOfWeek, h.Opens, h.Closes)), demo.CreatedAt), demo.Id);
            db.Locations.Add(location);
            db.Rooms.AddRange(demo.Rooms.Select(room => db.WithId(Room.Create(demo.Id, room.Name, demo.CreatedAt), room.Id)));
        }

        var patternsCreated = chain.FirstShiftDay.AddDays(-7).At(14);
        foreach (var demo in chain.Shifts)
        {
            var period = Shift.LocalPeriod(demo.Date, demo.Start, demo.End, chain.Location(demo.LocationId).Zone);
            if (period.Start != demo.StartsAt || period.End != demo.EndsAt)
            {
                throw new InvalidOperationException($"Demo shift {demo.Id} converts to {period.Start:O}..{period.End:O}, not the chain's {demo.StartsAt:O}..{demo.EndsAt:O}.");
            }

            db.Shifts.Add(db.WithId(Shift.Create(demo.PractitionerId, demo.LocationId, period, demo.PatternId, patternsCreated), demo.Id));
        }

        foreach (var demo in chain.Appointments)
        {
            var service = WireCode<ServiceCode>.Parse(demo.Service);
            if (!ServiceCatalog.Fits(service, (int)(demo.EndsAt - demo.StartsAt).TotalMinutes))
            {
                throw new InvalidOperationException($"Demo appointment {demo.Id}: {demo.Service} cannot last {(demo.EndsAt - demo.StartsAt).TotalMinutes} minutes.");
            }

            db.Appointments.Add(new Appointment
            {
                Id = demo.Id,
                ClientId = demo.ClientId,
                PractitionerId = demo.PractitionerId,
                LocationId = demo.LocationId,
                RoomId = demo.RoomId,
                StartsAt = demo.StartsAt,
                EndsAt = demo.EndsAt,
                Service = service,
                ReferralId = demo.ReferralId,
                Technique = demo.Technique is null ? null : WireCode<Technique>.Parse(demo.Technique),
                Status = WireCode<AppointmentStatus>.Parse(demo.Status),
                CancellationReason = demo.CancellationReason,
                SeriesId = demo.SeriesId,
                CreatedAt = demo.CreatedAt,
                StatusChangedAt = demo.StatusChangedAt,
            });
        }

        return await db.SaveChangesAsync(cancellationToken);
    }
}
