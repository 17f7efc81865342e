using System.Globalization;
using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using ClinicalNotes.Events;
using Google.Protobuf.WellKnownTypes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.Events;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// The author signs their draft: it becomes the next link of the client's hash chain and is locked
/// forever. <paramref name="ExpectedVersion"/> (from an optional <c>If-Match</c>) makes sure the signer
/// signs the version they read.
/// </summary>
public sealed record SignNote(Guid NoteId, uint? ExpectedVersion) : ICommand<NoteView>;

internal sealed partial class SignNoteHandler(
    ClinicalNotesDbContext db, EventOutbox outbox, CurrentUser user, TimeProvider clock, ILogger<SignNoteHandler> logger)
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

        // In this transaction: the note is signed if and only if NoteSigned is recorded for delivery.
        outbox.Add(db, note.ClientId, Signed(note));

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Committed();

        LogSigned(logger, note.Id, note.ChainSequence!.Value);
        // No addenda to load: a note gets addenda only once it is signed.
        return NoteView.From(note);
    }

    /// <summary>
    /// The integration event: ids, kind, dates and scores; never text (a signed note always has both pain scores).
    /// Its aggregate is the client, so a client's notes reach subscribers in the order they were signed.
    /// </summary>
    internal static NoteSigned Signed(ClinicalNote note)
    {
        var signed = new NoteSigned
        {
            NoteId = note.Id.ToString(),
            ClientId = note.ClientId.ToString(),
            ReferralId = note.ReferralId?.ToString() ?? string.Empty,
            AppointmentId = note.AppointmentId.ToString(),
            Kind = note.Kind,
            WrittenAt = Timestamp.FromDateTimeOffset(note.CreatedAt),
            SignedAt = Timestamp.FromDateTimeOffset(note.SignedAt!.Value),
            PainBefore = note.PainBefore!.Value,
            PainAfter = note.PainAfter!.Value,
            ChainSequence = note.ChainSequence!.Value,
        };
        signed.OutcomeMeasures.AddRange(note.OutcomeMeasures.Select(m =>
            new OutcomeScore { Instrument = m.Instrument, Score = m.Score.ToString(CultureInfo.InvariantCulture) }));
        return signed;
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
