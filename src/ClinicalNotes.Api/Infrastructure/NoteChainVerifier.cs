using System.Data;
using ClinicalNotes.Api.Domain;
using Microsoft.EntityFrameworkCore;

namespace ClinicalNotes.Api.Infrastructure;

/// <summary>
/// Verifies a client's hash chain as stored: reads the signed notes and the chain head in one snapshot
/// (so a signing in progress is either wholly seen or not at all) and checks them with <see cref="HashChain"/>.
/// Usable from the API, a scheduled job or a console command alike.
/// </summary>
public sealed partial class NoteChainVerifier(ClinicalNotesDbContext db, ILogger<NoteChainVerifier> logger)
{
    public async Task<ChainVerification> VerifyAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var notes = await db.Notes.AsNoTracking()
            .Where(n => n.ClientId == clientId && n.ChainSequence != null)
            .OrderBy(n => n.ChainSequence)
            .ToListAsync(cancellationToken);
        var head = await db.Chains.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var result = HashChain.Verify(clientId, notes.Select(n => new StoredSignedNote(n.Seal(), n.Hash!)).ToList(), head);
        if (result.FirstBrokenLink is { } broken)
        {
            LogBroken(logger, clientId, broken.NoteId, broken.Problem);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hash chain of client {ClientId} is broken at note {NoteId}: {Problem}")]
    private static partial void LogBroken(ILogger logger, Guid clientId, Guid noteId, string problem);
}
