using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// The author signs their draft: it becomes the next link of the client's hash chain and is locked
/// forever. <paramref name="ExpectedVersion"/> (from an optional <c>If-Match</c>) makes sure the signer
/// signs the version they read.
/// </summary>
public sealed record SignNote(Guid NoteId, uint? ExpectedVersion) : ICommand<NoteView>;

internal sealed partial class SignNoteHandler(ClinicalNotesDbContext db, CurrentUser user, TimeProvider clock, ILogger<SignNoteHandler> logger)
    : ICommandHandler<SignNote, NoteView>
{
    public async ValueTask<NoteView> Handle(SignNote command, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Lock order, always the same: the note, then its client's chain head. Two signings of one note
        // queue on the note (the second then finds it signed); two notes of one client queue on the head.
        var note = await db.Notes
            .FromSql($"SELECT *, xmin FROM notes WHERE id = {command.NoteId} FOR NO KEY UPDATE")
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Note", command.NoteId);
        if (command.ExpectedVersion is { } expected && expected != note.Version && !note.IsSigned)
        {
            throw new ConflictException("stale_write",
                "The draft changed after you read it. Read it again, check it, and sign the version you read.");
        }

        var chain = await LockChainAsync(note.ClientId, cancellationToken);
        note.Sign(user.Id, clock.GetUtcNow(), chain);

        // >>> NoteSigned: the events issue writes the integration event to the outbox HERE, in this
        // transaction, so the note is signed if and only if the event is recorded. Payload (no free text):
        // note.Id, note.ClientId, note.ReferralId, note.AppointmentId, note.Kind, note.SignedAt,
        // note.PainBefore, note.PainAfter, note.OutcomeMeasures.

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        LogSigned(logger, note.Id, note.ChainSequence!.Value);
        // No addenda to load: a note gets addenda only once it is signed.
        return NoteView.From(note);
    }

    /// <summary>The client's chain head, created on the first signing, locked until the transaction ends.</summary>
    private async Task<NoteChain> LockChainAsync(Guid clientId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO note_chains (client_id, length) VALUES ({clientId}, 0) ON CONFLICT (client_id) DO NOTHING", cancellationToken);
        return await db.Chains.FromSql($"SELECT * FROM note_chains WHERE client_id = {clientId} FOR UPDATE").SingleAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Note {NoteId} signed as link {Sequence} of its client's chain")]
    private static partial void LogSigned(ILogger logger, Guid noteId, int sequence);
}
