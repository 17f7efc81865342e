using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Features.Notes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Platform.Events;
using Platform.DemoChain;
using Platform.DemoChain.Seeding;

namespace ClinicalNotes.Api.Infrastructure;

/// <summary>
/// The demo chain's signed notes. Each is checked by the same validator as <c>POST /api/notes</c>, drafted and
/// signed by its therapist with the real <see cref="ClinicalNote.Sign"/>, so each client's hash chain is built
/// exactly as signing builds it and verifies, and each records its <c>NoteSigned</c> in the outbox as signing does
/// (so Referrals' progress reports fill through the real event path). Each note takes its location and practitioner
/// from the demo chain's appointment, as <c>POST /api/notes</c> takes them from Scheduling. The database lets a client's chain head
/// advance by one note per update, so the notes go in rounds: every client's first note, then every client's
/// second, and so on.
/// </summary>
internal sealed class DemoSeed(IValidator<CreateNote> validator, EventOutbox outbox) : IDemoSeeder<ClinicalNotesDbContext>
{
    /// <summary>Any chain head of a demo client: which notes exist depends on the seeding date, the clients do not.</summary>
    public Task<bool> IsSeededAsync(ClinicalNotesDbContext db, DemoChain chain, CancellationToken cancellationToken)
    {
        var clients = chain.Clients.Select(c => c.Id).ToList();
        return db.Chains.AnyAsync(c => clients.Contains(c.ClientId), cancellationToken);
    }

    public async Task<int> SeedAsync(ClinicalNotesDbContext db, DemoChain chain, CancellationToken cancellationToken)
    {
        var appointments = chain.Appointments.ToDictionary(a => a.Id);
        var byClient = chain.Notes.GroupBy(n => n.ClientId).ToDictionary(g => g.Key, g => g.OrderBy(n => n.SignedAt).ToList());
        var chains = byClient.Keys.ToDictionary(id => id, id => new NoteChain(id));
        db.Chains.AddRange(chains.Values);
        var written = await db.SaveChangesAsync(cancellationToken); // new heads must start empty

        for (var round = 0; round < byClient.Values.Max(notes => notes.Count); round++)
        {
            foreach (var (clientId, notes) in byClient)
            {
                if (round >= notes.Count) continue;
                var demo = notes[round];
                var command = ToCommand(demo);
                var invalid = validator.Validate(command);
                if (!invalid.IsValid)
                {
                    throw new InvalidOperationException($"Demo note {demo.Id} is refused by the notes validator: {string.Join(", ", invalid.Errors.Select(e => e.PropertyName))}.");
                }

                var appointment = appointments[demo.AppointmentId];
                var visit = new Visit(appointment.Id, appointment.ClientId, appointment.LocationId, appointment.PractitionerId);
                var note = db.WithId(
                    ClinicalNote.Draft(visit, demo.ReferralId, demo.Kind, command.ToContent(), demo.AuthorId, demo.WrittenAt), demo.Id);
                note.Sign(demo.AuthorId, demo.SignedAt, chains[clientId]);
                db.Notes.Add(note);
                outbox.Add(db, clientId, SignNoteHandler.Signed(note));
            }

            written += await db.SaveChangesAsync(cancellationToken);
        }

        return written;
    }

    private static CreateNote ToCommand(DemoNote note) => new()
    {
        AppointmentId = note.AppointmentId,
        ClientId = note.ClientId,
        ReferralId = note.ReferralId,
        Kind = note.Kind,
        Subjective = new Subjective(note.ChiefComplaint, note.PainBefore),
        Objective = new ObjectiveInput(note.Posture, note.RangeOfMotion.Select(r => new RangeOfMotionInput(r.Joint, r.Movement, r.Degrees)).ToList(), note.Palpation),
        Assessment = note.Assessment,
        Plan = new PlanInput(note.Techniques, note.BodyRegions, note.HomeCare),
        PainAfter = note.PainAfter,
        OutcomeMeasures = note.OutcomeMeasures.Select(m => new OutcomeMeasureInput(m.Instrument, m.Score)).ToList(),
    };
}
