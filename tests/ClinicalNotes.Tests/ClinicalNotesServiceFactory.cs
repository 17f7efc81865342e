namespace ClinicalNotes.Tests;

/// <summary>The ClinicalNotes service on a fresh database of the shared test cluster; requests may act as test users.</summary>
public sealed class ClinicalNotesServiceFactory : ServiceFactory<Program>
{
    public ClinicalNotesServiceFactory() : base("notesdb") => WithTestUsers();
}
