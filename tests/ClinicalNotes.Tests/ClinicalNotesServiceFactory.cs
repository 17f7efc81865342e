namespace ClinicalNotes.Tests;

/// <summary>
/// The ClinicalNotes service on a fresh database of the shared test cluster; requests may act as test users.
/// NoteSigned events are written to the outbox as in production, for the subscriber in appsettings.json
/// (referrals), which does not run here: the dispatcher finds it unavailable and backs off, quietly. The delivery
/// to Referrals is tested across real services in Referrals.Tests.
/// </summary>
public sealed class ClinicalNotesServiceFactory : ServiceFactory<Program>
{
    public ClinicalNotesServiceFactory()
        : base("notesdb")
    {
        WithTestUsers();
        // Platform.Events cannot start a publisher with no subscriber at all (its dispatcher then lacks a
        // GrpcClientFactory), so the subscription stays and only the dispatcher's "unavailable" warnings are muted.
        WithSetting("Logging:LogLevel:Platform.Events", "Error");
    }
}
