using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Locations;

public sealed record AddRoom(Guid LocationId, string? Name) : ICommand<RoomView>;

internal sealed class AddRoomValidator : AbstractValidator<AddRoom>
{
    public AddRoomValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
    }
}

internal sealed class AddRoomHandler(SchedulingDbContext db, CurrentUser user, TimeProvider clock) : ICommandHandler<AddRoom, RoomView>
{
    public async ValueTask<RoomView> Handle(AddRoom command, CancellationToken cancellationToken)
    {
        user.RequireLocation(command.LocationId);
        if (!await db.Locations.AnyAsync(l => l.Id == command.LocationId, cancellationToken))
        {
            throw new NotFoundException("Location", command.LocationId);
        }

        var room = Room.Create(command.LocationId, command.Name!, clock.GetUtcNow());
        db.Rooms.Add(room);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException pg && Constraints.IsDuplicateRoom(pg))
        {
            throw new ConflictException(Constraints.DuplicateRoom,
                $"This location already has a room named '{room.Name}' (names are compared ignoring case). Choose another name.",
                new Dictionary<string, object?> { ["field"] = "name" });
        }

        return RoomView.From(room);
    }
}
