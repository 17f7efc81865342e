using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Tests;

/// <summary>
/// The ClinicalNotes service on a fresh database of the shared test cluster, asking the real Scheduling service
/// (<see cref="SchedulingHost"/>) about appointments over gRPC. Clients act as <see cref="DefaultTherapist"/>, a
/// therapist at <see cref="TestCaller.HomeLocation"/>, unless a test signs in as someone else; authorization stays on.
/// NoteSigned events are written to the outbox as in production, for the subscriber in appsettings.json
/// (referrals), which does not run here: the dispatcher finds it unavailable and backs off, quietly. The delivery
/// to Referrals is tested across real services in Referrals.Tests.
/// </summary>
public class NotesServiceFactory : ServiceFactory<Program>
{
    public const string DefaultTherapist = "therapist-a";

    public NotesServiceFactory()
        : base("notesdb")
    {
        WithDefaultUser(DefaultTherapist, [Roles.Therapist], [TestCaller.HomeLocation], SchedulingHost.PractitionerOf(DefaultTherapist));
        // Calls to the real Scheduling test rules, not the speed of a 2-core machine running many test hosts; the
        // production deadline is tested with Scheduling down (SchedulingDownTests).
        WithSetting("Grpc:DefaultDeadline", "00:00:10");
        // Platform.Events cannot start a publisher with no subscriber at all (its dispatcher then lacks a
        // GrpcClientFactory), so the subscription stays and only the dispatcher's "unavailable" warnings are muted.
        WithSetting("Logging:LogLevel:Platform.Events", "Error");
    }

    /// <summary>Where this host finds Scheduling; by default the shared real one.</summary>
    protected virtual async Task<string> SchedulingAddressAsync() => (await SchedulingHost.GetAsync()).GrpcAddress!.ToString();

    public override async Task InitializeAsync()
    {
        WithSetting("services:scheduling:grpc:0", await SchedulingAddressAsync());
        await base.InitializeAsync();
    }

    /// <summary>The resilience handler's timeouts and breaker, patient to match the deadline.</summary>
    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.UsePatientResilience(keepBreakerClosed: true));
}

public sealed class ClinicalNotesServiceFactory : NotesServiceFactory;

/// <summary>
/// For the functional tests (drafts, signing, chains, access log): before <c>POST /api/notes</c> is sent, the
/// appointment the body names is stored in Scheduling as the calling therapist's checked-in visit at their location,
/// with the body's client and referral, the way the front desk would have booked and checked it in. The
/// authorization tests book their appointments explicitly and use plain clients.
/// </summary>
public sealed class BookTheVisitFirst(Guid location) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.TrimEnd('/') == "/api/notes" && request.Content is { } content
            && request.Headers.TryGetValues(TestUsers.PractitionerHeader, out var practitioner)
            && Guid.TryParse(practitioner.Single(), out var practitionerId))
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            if (Parse(await content.ReadAsStringAsync(cancellationToken)) is JsonObject body
                && Id(body["appointmentId"]) is { } appointmentId && Id(body["clientId"]) is { } clientId)
            {
                await SchedulingHost.BookAsync(appointmentId, clientId, practitionerId, location, referralId: Id(body["referralId"]));
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // malformed on purpose: the service answers 400 before it asks Scheduling anything
        }
    }

    private static Guid? Id(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id) && id != Guid.Empty ? id : null;
}
