using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Infrastructure;

// Constraints EF Core cannot express (exclusion constraints, checks, the case-insensitive room name)
// are added with SQL in the migration; their names are in Constraints.

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> location)
    {
        location.ToTable("locations");
        location.HasKey(l => l.Id);
        location.Property(l => l.Name).HasMaxLength(200);
        location.Property(l => l.TimeZone).HasMaxLength(64);
        location.Property(l => l.Jurisdiction).HasMaxLength(5);
        location.Property(l => l.Version).IsRowVersion();
        location.Ignore(l => l.Zone);
        location.OwnsOne(l => l.Address, address =>
        {
            address.Property(a => a.Line1).HasMaxLength(200);
            address.Property(a => a.Line2).HasMaxLength(200);
            address.Property(a => a.City).HasMaxLength(100);
            address.Property(a => a.PostalCode).HasMaxLength(20);
        });
        location.Navigation(l => l.Address).IsRequired();
        location.OwnsMany(l => l.OpeningHours, hours =>
        {
            hours.ToTable("location_opening_hours");
            hours.WithOwner().HasForeignKey("LocationId");
            hours.Property<int>("Id");
            hours.HasKey("Id");
        });
    }
}

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> room)
    {
        room.ToTable("rooms");
        room.HasKey(r => r.Id);
        room.Property(r => r.Name).HasMaxLength(100);
        room.HasOne<Location>().WithMany().HasForeignKey(r => r.LocationId).OnDelete(DeleteBehavior.Restrict);
        // Target of appointments' (room_id, location_id) foreign key: a room is booked only at its own location.
        room.HasAlternateKey(r => new { r.Id, r.LocationId });
    }
}

internal sealed class ShiftConfiguration : IEntityTypeConfiguration<Shift>
{
    public void Configure(EntityTypeBuilder<Shift> shift)
    {
        shift.ToTable("shifts");
        shift.HasKey(s => s.Id);
        shift.Ignore(s => s.Period);
        shift.HasOne<Location>().WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.Restrict);
        shift.HasIndex(s => new { s.LocationId, s.StartsAt });
        shift.HasIndex(s => s.StartsAt); // availability across every location
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> appointment)
    {
        appointment.ToTable("appointments");
        appointment.HasKey(a => a.Id);
        appointment.Property(a => a.Service).HasMaxLength(32)
            .HasConversion(new WireCodeConverter<ServiceCode>());
        appointment.Property(a => a.Technique).HasMaxLength(32)
            .HasConversion(new WireCodeConverter<Technique>());
        appointment.Property(a => a.Status).HasMaxLength(16)
            .HasConversion(new WireCodeConverter<AppointmentStatus>());
        appointment.Property(a => a.CancellationReason).HasMaxLength(500);
        appointment.Property(a => a.Version).IsRowVersion();
        appointment.HasOne<Location>().WithMany().HasForeignKey(a => a.LocationId).OnDelete(DeleteBehavior.Restrict);
        appointment.HasOne<Room>().WithMany().HasForeignKey(a => new { a.RoomId, a.LocationId })
            .HasPrincipalKey(r => new { r.Id, r.LocationId }).OnDelete(DeleteBehavior.Restrict);
        appointment.HasIndex(a => a.StartsAt); // availability across every location
        appointment.HasIndex(a => new { a.LocationId, a.StartsAt });
        appointment.HasIndex(a => new { a.PractitionerId, a.StartsAt });
        appointment.HasIndex(a => new { a.ClientId, a.StartsAt });
        appointment.HasIndex(a => a.SeriesId);
    }
}

/// <summary>Stores an enumeration as its wire code, so SQL reads <c>status = 'checked-in'</c>.</summary>
internal sealed class WireCodeConverter<TEnum>() : ValueConverter<TEnum, string>(v => WireCode<TEnum>.Of(v), v => WireCode<TEnum>.Parse(v))
    where TEnum : struct, Enum;
