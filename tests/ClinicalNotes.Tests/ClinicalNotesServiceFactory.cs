namespace ClinicalNotes.Tests;

/// <summary>The ClinicalNotes service on a fresh database of the shared test cluster.</summary>
public sealed class ClinicalNotesServiceFactory() : ServiceFactory<Program>("notesdb");
