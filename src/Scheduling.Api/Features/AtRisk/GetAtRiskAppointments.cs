using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.AtRisk;

/// <summary>
/// HQ's at-risk report: booked or checked-in appointments, from now on, on the local dates <c>from</c>..<c>to</c>
/// (default: today and the next 30 days), whose practitioner may no longer treat there on that date for that technique,
/// earliest first, each with every reason (<c>license_suspended</c>, <c>license_expired</c>, <c>certification_missing:MLD</c>...).
/// </summary>
public sealed record GetAtRiskAppointments(DateOnly? From, DateOnly? To, int? Limit, string? Cursor) : IQuery<AtRiskReport>;

/// <param name="Complete">
/// False when Credentials did not answer: the report then lists only what Scheduling knows from the licence events it
/// received (suspended, revoked or expired licences), and <paramref name="Warning"/> says so.
/// </param>
public sealed record AtRiskReport(IReadOnlyList<AtRiskAppointment> Items, string? NextCursor, bool Complete, string? Warning);

/// <param name="Source"><c>credentials</c> (asked now) or <c>license-events</c> (the last LicenseStatusChanged received).</param>
public sealed record AtRiskAppointment(AppointmentView Appointment, string Jurisdiction, IReadOnlyList<string> Reasons, string Source);

internal sealed class GetAtRiskAppointmentsValidator : AbstractValidator<GetAtRiskAppointments>
{
    public const int MaxDays = 92;

    public GetAtRiskAppointmentsValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.From).InBookingWindow(clock);
        RuleFor(x => x.To).InBookingWindow(clock)
            .GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null, ApplyConditionTo.CurrentValidator).WithMessage("Must be on or after from.")
            .Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber < MaxDays).When(x => x.From is not null && x.To is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"Ask for at most {MaxDays} days at a time.");
        RuleFor(x => x.Limit).InclusiveBetween(1, Cursor.MaxLimit);
    }
}

/// <summary>
/// Reads the candidate appointments in pages of <see cref="Chunk"/> (earliest first, after the cursor) and asks
/// Credentials about each distinct (practitioner, jurisdiction, local date, technique) in batch calls, until the page
/// is full. Credentials decides (expiry and verification happen without any event); when it does not answer, the
/// licence events received decide instead and the report says it is incomplete.
/// </summary>
internal sealed class GetAtRiskAppointmentsHandler(
    NpgsqlDataSource dataSource, SchedulingDbContext db, PractitionerEligibility eligibility, TimeProvider clock)
    : IQueryHandler<GetAtRiskAppointments, AtRiskReport>
{
    private const int Chunk = 500;
    public const string FromCredentials = "credentials";
    public const string FromLicenseEvents = "license-events";

    private sealed record Key(DateTimeOffset Start, Guid Id);

    private sealed record Candidate(AppointmentView Appointment, string Jurisdiction);

    public async ValueTask<AtRiskReport> Handle(GetAtRiskAppointments query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = query.From ?? DateOnly.FromDateTime(now.UtcDateTime);
        var to = query.To ?? from.AddDays(30);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        var after = Cursor.Decode<Key>(query.Cursor) ?? new Key(now, Guid.Empty);
        var found = new List<AtRiskAppointment>();
        var complete = true;

        while (found.Count <= limit)
        {
            var candidates = await CandidatesAsync(from, to, after, cancellationToken);
            if (candidates.Count == 0) break;
            after = new Key(candidates[^1].Appointment.Start, candidates[^1].Appointment.Id);
            var inRange = candidates.Where(c => c.Appointment.LocalDate >= from && c.Appointment.LocalDate <= to).ToList();
            try
            {
                found.AddRange(await AskCredentialsAsync(inRange, cancellationToken));
            }
            catch (DependencyUnavailableException)
            {
                complete = false;
                found.AddRange(await FromEventsAsync(inRange, cancellationToken));
            }

            if (candidates.Count < Chunk) break;
        }

        var page = Cursor.ToPage(found.Take(limit + 1).ToList(), limit, a => new Key(a.Appointment.Start, a.Appointment.Id));
        return new AtRiskReport(page.Items, page.NextCursor, complete,
            complete ? null : "Credentials did not answer: only appointments of practitioners with a suspended, revoked or expired licence known from licence events are listed. Try again shortly for the full report.");
    }

    private async Task<List<Candidate>> CandidatesAsync(DateOnly from, DateOnly to, Key after, CancellationToken cancellationToken)
    {
        // Local dates are within a day of UTC dates in every zone: read a day either side, then keep the local dates asked.
        await using var command = dataSource.CreateCommand($"""
            SELECT {AppointmentRows.Columns}, l.jurisdiction
            FROM appointments a JOIN locations l ON l.id = a.location_id
            WHERE a.status IN ('booked', 'checked-in') AND a.starts_at >= $1 AND a.starts_at < $2 AND (a.starts_at, a.id) > ($3, $4)
            ORDER BY a.starts_at, a.id
            LIMIT {Chunk}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(from.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) });
        command.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(to.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Start.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Id });
        var candidates = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(new Candidate(AppointmentRows.Read(reader), reader.GetString(16)));
        }

        return candidates;
    }

    private async Task<IEnumerable<AtRiskAppointment>> AskCredentialsAsync(List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var questions = candidates
            .Select(c => new PractitionerEligibility.Question(c.Appointment.PractitionerId, c.Jurisdiction, c.Appointment.LocalDate, c.Appointment.Technique))
            .Distinct()
            .ToList();
        var answers = (await eligibility.CheckAsync(questions, cancellationToken)).ToDictionary(a => a.Question);
        return candidates
            .Select(c => (Candidate: c, Answer: answers[new(c.Appointment.PractitionerId, c.Jurisdiction, c.Appointment.LocalDate, c.Appointment.Technique)]))
            .Where(x => !x.Answer.Eligible)
            .Select(x => new AtRiskAppointment(x.Candidate.Appointment, x.Candidate.Jurisdiction, x.Answer.Reasons, FromCredentials));
    }

    /// <summary>
    /// What the licence events alone tell: a practitioner whose known licences in the jurisdiction are all suspended,
    /// revoked or expired on the date. Approximate, hence <c>complete = false</c>: a licence that never changed sent no
    /// event, so a practitioner with another, unchanged licence there may be listed, and an unverified or lapsed one
    /// without events is not.
    /// </summary>
    private async Task<IEnumerable<AtRiskAppointment>> FromEventsAsync(List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var practitioners = candidates.Select(c => c.Appointment.PractitionerId).Distinct().ToList();
        var standings = (await db.LicenseStandings.AsNoTracking().Where(s => practitioners.Contains(s.PractitionerId)).ToListAsync(cancellationToken))
            .ToLookup(s => (s.PractitionerId, s.Jurisdiction));
        return candidates.Select(c =>
            {
                var known = standings[(c.Appointment.PractitionerId, c.Jurisdiction)].ToList();
                var date = c.Appointment.LocalDate;
                if (known.Count == 0 || known.Any(s => s.Status == "active" && s.ExpiresOn >= date)) return null;
                var reasons = known.Select(s => s.Status == "active" ? "license_expired" : $"license_{s.Status}").Distinct().Order(StringComparer.Ordinal).ToList();
                return new AtRiskAppointment(c.Appointment, c.Jurisdiction, reasons, FromLicenseEvents);
            })
            .OfType<AtRiskAppointment>();
    }
}
