using FluentValidation;
using Mediator;
using Npgsql;
using Platform.Events;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using Scheduling.Api.Domain;
using Scheduling.Api.Extensions;

namespace Scheduling.Api.Features.Appointments;

/// <summary>Check-in, complete, no-show or cancel (with a reason). Illegal moves are 409 <c>illegal_transition</c>.</summary>
public sealed record ChangeAppointmentStatus(Guid Id, AppointmentStatus To, string? Reason) : ICommand<AppointmentView>;

internal sealed class ChangeAppointmentStatusValidator : AbstractValidator<ChangeAppointmentStatus>
{
    public ChangeAppointmentStatusValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500).When(x => x.To == AppointmentStatus.Cancelled)
            .WithMessage("Say why the appointment is cancelled (at most 500 characters).");
        RuleFor(x => x.Reason).Null().When(x => x.To != AppointmentStatus.Cancelled).WithMessage("Only a cancellation takes a reason.");
        RuleFor(x => x.To).Must(to => AppointmentLifecycle.AllowedFrom(to).Count > 0).WithMessage("Not a status an appointment can be moved to.");
    }
}

/// <summary>
/// One conditional UPDATE (<c>WHERE status = ANY(allowed)</c>), so two desks acting on the same appointment at
/// once cannot both win: the second finds the new status and is told so. The UPDATE touches only appointments of the
/// caller's locations; one elsewhere is refused with 403 <c>outside_your_locations</c> (admins: every location).
/// Completion, cancellation and no-show publish their event (<see cref="AppointmentEvents"/>) through the outbox in the
/// same transaction.
/// </summary>
internal sealed class ChangeAppointmentStatusHandler(NpgsqlDataSource dataSource, EventOutbox outbox, CurrentUser user, TimeProvider clock)
    : ICommandHandler<ChangeAppointmentStatus, AppointmentView>
{
    public const string IllegalTransition = "illegal_transition";

    public async ValueTask<AppointmentView> Handle(ChangeAppointmentStatus command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var allowed = AppointmentLifecycle.AllowedFrom(command.To);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var scope = user.VisibleLocations();
        await using var update = new NpgsqlCommand($"""
            UPDATE appointments a SET status = $2, status_changed_at = $3, cancellation_reason = $4
            FROM locations l
            WHERE l.id = a.location_id AND a.id = $1 AND a.status = ANY($5) AND (NOT $6 OR a.starts_at <= $3)
            {(scope is null ? "" : "AND a.location_id = ANY($7)")}
            RETURNING {AppointmentRows.Columns}
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = command.Id });
        update.Parameters.Add(new NpgsqlParameter { Value = WireCode<AppointmentStatus>.Of(command.To) });
        update.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)command.Reason?.Trim() ?? DBNull.Value });
        update.Parameters.Add(new NpgsqlParameter { Value = allowed.Select(WireCode<AppointmentStatus>.Of).ToArray() });
        update.Parameters.Add(new NpgsqlParameter { Value = command.To == AppointmentStatus.NoShow });
        if (scope is not null) update.Parameters.Add(new NpgsqlParameter { Value = scope.ToArray() });
        var changed = await AppointmentRows.ReadAllAsync(update, cancellationToken);
        if (changed.Count == 1)
        {
            // OUTBOX: the status change and its event commit together (Referrals consumes the visit on completion and
            // no-show, and releases it on cancellation).
            var @event = AppointmentEvents.ForStatus(changed[0]);
            if (@event is not null) await outbox.WriteAsync(transaction, changed[0].Id, @event, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (@event is not null) outbox.Committed();
            return changed[0];
        }

        await transaction.RollbackAsync(cancellationToken);
        throw await RefusalAsync(command, now, cancellationToken);
    }

    private async Task<Exception> RefusalAsync(ChangeAppointmentStatus command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var read = dataSource.CreateCommand("SELECT status, starts_at, location_id FROM appointments WHERE id = $1");
        read.Parameters.Add(new NpgsqlParameter { Value = command.Id });
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return new NotFoundException("Appointment", command.Id);
        user.RequireLocation(reader.GetGuid(2));

        var current = WireCode<AppointmentStatus>.Parse(reader.GetString(0));
        var target = WireCode<AppointmentStatus>.Of(command.To);
        if (AppointmentLifecycle.CanMove(current, command.To) && AppointmentLifecycle.TooEarly(command.To, reader.GetFieldValue<DateTimeOffset>(1), now))
        {
            return new BusinessRuleException("appointment_not_started",
                ["A no-show can be recorded only once the appointment's start time has passed."]);
        }

        var from = string.Join(" or ", AppointmentLifecycle.AllowedFrom(command.To).Select(WireCode<AppointmentStatus>.Of));
        return new ConflictException(IllegalTransition,
            $"The appointment is {WireCode<AppointmentStatus>.Of(current)}; it can become {target} only when it is {from}.",
            new Dictionary<string, object?> { ["currentStatus"] = WireCode<AppointmentStatus>.Of(current), ["requestedStatus"] = target });
    }
}
