namespace ClinicalNotes.Api.Domain;

/// <summary>
/// The head of one client's chain of signed notes. Signing locks this row, so the notes of one client
/// are signed one after another and each links to the one signed just before it.
/// </summary>
public sealed class NoteChain
{
    private NoteChain()
    {
    }

    public NoteChain(Guid clientId) => ClientId = clientId;

    public Guid ClientId { get; private set; }
    public Guid? HeadNoteId { get; private set; }
    public string? HeadHash { get; private set; }
    public int Length { get; private set; }

    public void Advance(Guid noteId, string hash)
    {
        HeadNoteId = noteId;
        HeadHash = hash;
        Length++;
    }
}
