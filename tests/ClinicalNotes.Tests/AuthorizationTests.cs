using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ClinicalNotes.Api.Features.Notes;
using Platform.ServiceDefaults.Security;
using static Platform.ServiceDefaults.Security.Roles;

namespace ClinicalNotes.Tests;

/// <summary>
/// docs/AUTHORIZATION.md, Clinical notes: every route × every role (plus anonymous and a token without a platform role)
/// against the real Scheduling service. The therapist caller is the practitioner of the appointments and the author of
/// the notes; every caller works at <see cref="TestCaller.HomeLocation"/>, where the visits happened. A refused call
/// leaves the client's notes, addenda and access log exactly as they were.
/// </summary>
public sealed class AuthorizationTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    private const string TherapistCaller = "therapist-caller";
    private static readonly Guid Home = TestCaller.HomeLocation;
    private static readonly Guid Elsewhere = TestCaller.OtherLocation;

    private sealed record Route(string Method, Func<Fixture, string> Path, string[] Allowed, HttpStatusCode Success, Func<Fixture, object>? Body = null);

    /// <summary>A client with a signed note and a draft by the therapist caller, and a checked-in appointment with no note yet.</summary>
    private sealed record Fixture(Guid ClientId, NoteView Signed, NoteView Draft, Guid NewAppointment);

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["create note"] = new("POST", _ => "/api/notes", [Therapist], HttpStatusCode.Created,
            f => NoteRequests.Body(f.NewAppointment, f.ClientId)),
        ["revise draft"] = new("PUT", f => $"/api/notes/{f.Draft.Id}", [Therapist], HttpStatusCode.OK,
            f => NoteRequests.Body(f.Draft.AppointmentId, f.ClientId, painBefore: 6)),
        ["sign draft"] = new("POST", f => $"/api/notes/{f.Draft.Id}/sign", [Therapist], HttpStatusCode.OK),
        ["add addendum"] = new("POST", f => $"/api/notes/{f.Signed.Id}/addenda", [Therapist, Manager], HttpStatusCode.Created,
            _ => new { text = "Pain after was 5.", reason = "transcription error" }),
        ["read note"] = new("GET", f => $"/api/notes/{f.Signed.Id}", [Therapist, Manager], HttpStatusCode.OK),
        ["list notes"] = new("GET", f => $"/api/notes?clientId={f.ClientId}", [Therapist, Manager], HttpStatusCode.OK),
        ["access log"] = new("GET", f => $"/api/notes/{f.Signed.Id}/access-log", [Therapist, Manager, HqAuditor], HttpStatusCode.OK),
        ["chain verification"] = new("GET", f => $"/api/notes/chain-verification?clientId={f.ClientId}", [Manager, HqAuditor], HttpStatusCode.OK),
        ["outcomes"] = new("GET", f => $"/api/clients/{f.ClientId}/outcomes", [Therapist, Manager], HttpStatusCode.OK),
    };

    public static TheoryData<string, string> Matrix() => TestCaller.Matrix(Routes.Keys);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_route_answers_each_caller_as_the_contract_says(string routeName, string callerName)
    {
        var (route, caller) = (Routes[routeName], TestCaller.Named(callerName));
        var fixture = await ArrangeAsync();
        var expected = caller.Expected(route.Allowed, route.Success);
        var before = await StateAsync(fixture.ClientId);

        using var client = ClientFor(caller);
        using var response = await SendAsync(client, route.Method, route.Path(fixture), route.Body?.Invoke(fixture), fixture.Draft.Version);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{route.Method} {routeName} as {caller}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if ((int)expected >= 400)
        {
            Assert.Equal(before, await StateAsync(fixture.ClientId));
            Assert.DoesNotContain("low back", body); // never a body to a refused caller
        }

        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal(AccessDeniedException.RoleNotAllowed, (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        }
    }

    [Fact]
    public void Every_route_of_the_service_is_in_the_matrix()
    {
        Assert.Equal(service.ApiRouteCount(), Routes.Count);
    }

    [Fact]
    public async Task A_therapist_cannot_write_the_note_of_another_therapists_appointment()
    {
        var (appointmentId, clientId) = (Guid.NewGuid(), Guid.NewGuid());
        await SchedulingHost.BookAsync(appointmentId, clientId, SchedulingHost.PractitionerOf("therapist-who-treated"), Home);
        using var colleague = Plain(NotesServiceFactory.DefaultTherapist);

        using var response = await colleague.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId, clientId));

        Assert.Equal("not_your_appointment", (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(0L, await NotesOfAppointmentAsync(appointmentId));
    }

    [Fact]
    public async Task A_therapist_token_without_a_practitioner_id_writes_no_note()
    {
        var (appointmentId, clientId) = (Guid.NewGuid(), Guid.NewGuid());
        await SchedulingHost.BookAsync(appointmentId, clientId, SchedulingHost.PractitionerOf(TherapistCaller), Home);
        using var client = service.CreateApiClient().AsUser(TherapistCaller, [Therapist], [Home]);

        using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId, clientId));

        Assert.Equal("not_your_appointment", (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(0L, await NotesOfAppointmentAsync(appointmentId));
    }

    [Fact]
    public async Task An_appointment_scheduling_does_not_know_is_422_naming_appointmentId()
    {
        var appointmentId = Guid.NewGuid();
        using var client = Plain(NotesServiceFactory.DefaultTherapist);

        using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("appointment_not_found", problem.Code);
        Assert.Contains("appointmentId", await response.Content.ReadAsStringAsync());
        Assert.Equal(0L, await NotesOfAppointmentAsync(appointmentId));
    }

    [Fact]
    public async Task The_client_sent_must_be_the_appointments_client()
    {
        var appointmentId = Guid.NewGuid();
        await SchedulingHost.BookAsync(appointmentId, Guid.NewGuid(), SchedulingHost.PractitionerOf(NotesServiceFactory.DefaultTherapist), Home);
        using var client = Plain(NotesServiceFactory.DefaultTherapist);

        using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId, clientId: Guid.NewGuid()));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors!.ContainsKey("clientId"));
        Assert.Equal(0L, await NotesOfAppointmentAsync(appointmentId));
    }

    [Theory]
    [InlineData("booked")]
    [InlineData("cancelled")]
    [InlineData("no-show")]
    public async Task Only_a_visit_that_took_place_gets_a_note(string status)
    {
        var (appointmentId, clientId) = (Guid.NewGuid(), Guid.NewGuid());
        await SchedulingHost.BookAsync(appointmentId, clientId, SchedulingHost.PractitionerOf(NotesServiceFactory.DefaultTherapist), Home, status);
        using var client = Plain(NotesServiceFactory.DefaultTherapist);

        using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId, clientId));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("appointment_not_attended", problem.Code);
        Assert.Contains(status, problem.Reasons![0]);
        Assert.Equal(0L, await NotesOfAppointmentAsync(appointmentId));
    }

    [Theory]
    [InlineData("checked-in")]
    [InlineData("completed")]
    public async Task The_note_keeps_the_appointments_location_and_practitioner(string status)
    {
        var (appointmentId, clientId) = (Guid.NewGuid(), Guid.NewGuid());
        var practitioner = SchedulingHost.PractitionerOf("therapist-elsewhere");
        await SchedulingHost.BookAsync(appointmentId, clientId, practitioner, Elsewhere, status);
        using var client = service.CreateApiClient().AsUser("therapist-elsewhere", [Therapist], [Elsewhere], practitioner);

        var note = await client.CreateAsync(NoteRequests.Body(appointmentId, clientId));

        Assert.Equal(Elsewhere, note.LocationId);
        Assert.Equal(practitioner, note.PractitionerId);
        Assert.Equal(Elsewhere, await service.ScalarAsync<Guid>("SELECT location_id FROM notes WHERE id = $1", note.Id));
        Assert.Equal(practitioner, await service.ScalarAsync<Guid>("SELECT practitioner_id FROM notes WHERE id = $1", note.Id));
    }

    [Theory]
    [InlineData(Manager)]
    [InlineData(Therapist)]
    public async Task Staff_of_another_location_neither_read_nor_amend_the_note(string role)
    {
        var fixture = await ArrangeAsync();
        var before = await StateAsync(fixture.ClientId);
        using var stranger = service.CreateApiClient().AsUser($"{role}-elsewhere", [role], [Elsewhere], SchedulingHost.PractitionerOf($"{role}-elsewhere"));

        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("GET", $"/api/notes/{fixture.Signed.Id}", null),
                     ("POST", $"/api/notes/{fixture.Signed.Id}/addenda", new { text = "Seen elsewhere.", reason = "late entry" }),
                     ("GET", $"/api/notes/{fixture.Signed.Id}/access-log", null),
                 })
        {
            using var response = await SendAsync(stranger, method, path, body, null);
            Assert.Equal(AccessDeniedException.OutsideYourLocations, (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
            Assert.DoesNotContain("low back", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(before, await StateAsync(fixture.ClientId));
    }

    [Fact]
    public async Task A_manager_of_another_location_verifies_no_chain_of_a_client_never_treated_there()
    {
        var fixture = await ArrangeAsync();
        using var manager = service.Staff("manager-elsewhere", Manager, Elsewhere);

        using var response = await manager.GetAsync($"/api/notes/chain-verification?clientId={fixture.ClientId}");

        Assert.Equal(AccessDeniedException.OutsideYourLocations, (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
    }

    [Fact]
    public async Task Lists_and_outcomes_hold_only_the_notes_of_the_callers_locations()
    {
        var fixture = await ArrangeAsync(); // a signed note and a draft at home
        var elsewhere = await NoteElsewhereAsync(fixture.ClientId);
        using var homeManager = service.Staff("manager-home", Manager, Home);
        using var otherManager = service.Staff("manager-elsewhere", Manager, Elsewhere);
        using var both = service.Staff("manager-both", Manager, Home, Elsewhere);

        var home = await ListAsync(homeManager, fixture.ClientId);
        var other = await ListAsync(otherManager, fixture.ClientId);
        var all = await ListAsync(both, fixture.ClientId);

        Assert.Equal(new[] { fixture.Signed.Id, fixture.Draft.Id }.Order(), home.Select(n => n.Id).Order());
        Assert.Equal([elsewhere.Id], other.Select(n => n.Id));
        Assert.Equal(3, all.Count);
        // Only the notes returned were read, so only they are in the access log.
        Assert.Equal(2L, await service.ScalarAsync<long>("SELECT count(*) FROM note_access_log WHERE note_id = $1", elsewhere.Id));
        var outcomes = await (await otherManager.GetAsync($"/api/clients/{fixture.ClientId}/outcomes")).ShouldBeAsync<ClinicalNotes.Api.Domain.OutcomeReport>(HttpStatusCode.OK);
        Assert.Equal(1, outcomes.NotesSigned);
    }

    [Fact]
    public async Task HQ_reads_any_locations_access_log_and_chain_but_never_a_body()
    {
        var fixture = await ArrangeAsync();
        using var hq = service.Staff("hq-1", HqAuditor);

        var log = await (await hq.GetAsync($"/api/notes/{fixture.Signed.Id}/access-log")).ShouldBeAsync<Platform.ServiceDefaults.Http.Page<NoteAccessView>>(HttpStatusCode.OK);
        var chain = await (await hq.GetAsync($"/api/notes/chain-verification?clientId={fixture.ClientId}")).ShouldBeAsync<ClinicalNotes.Api.Domain.ChainVerification>(HttpStatusCode.OK);
        using var read = await hq.GetAsync($"/api/notes/{fixture.Signed.Id}");
        using var list = await hq.GetAsync($"/api/notes?clientId={fixture.ClientId}");

        Assert.Empty(log.Items);
        Assert.True(chain.Intact);
        Assert.Equal(fixture.Signed.Hash, chain.HeadHash);
        foreach (var refused in new[] { read, list })
        {
            Assert.Equal(AccessDeniedException.RoleNotAllowed, (await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
            Assert.DoesNotContain("low back", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM note_access_log WHERE note_id = $1", fixture.Signed.Id));
    }

    [Fact]
    public async Task A_read_is_logged_as_the_tokens_subject()
    {
        var fixture = await ArrangeAsync();
        using var manager = service.Staff("manager-who-reads", Manager, Home);

        (await manager.GetAsync($"/api/notes/{fixture.Signed.Id}")).Dispose();

        Assert.Equal("manager-who-reads", await service.ScalarAsync<string>("SELECT accessed_by FROM note_access_log WHERE note_id = $1", fixture.Signed.Id));
    }

    private async Task<Fixture> ArrangeAsync()
    {
        var clientId = Guid.NewGuid();
        using var author = service.Therapist(TherapistCaller);
        var signed = await author.CreateSignedAsync(NoteRequests.Body(clientId: clientId));
        var draft = await author.CreateAsync(NoteRequests.Body(clientId: clientId));
        var appointment = Guid.NewGuid();
        await SchedulingHost.BookAsync(appointment, clientId, SchedulingHost.PractitionerOf(TherapistCaller), Home);
        return new Fixture(clientId, signed, draft, appointment);
    }

    /// <summary>A signed note of the same client, from a visit at the other location.</summary>
    private async Task<NoteView> NoteElsewhereAsync(Guid clientId)
    {
        using var therapist = service.Therapist("therapist-elsewhere", Elsewhere);
        return await therapist.CreateSignedAsync(NoteRequests.Body(clientId: clientId));
    }

    private static async Task<IReadOnlyList<NoteView>> ListAsync(HttpClient client, Guid clientId) =>
        (await (await client.GetAsync($"/api/notes?clientId={clientId}")).ShouldBeAsync<Platform.ServiceDefaults.Http.Page<NoteView>>(HttpStatusCode.OK)).Items;

    /// <summary>The matrix's callers; the therapist is the practitioner of the fixture's appointments.</summary>
    private HttpClient ClientFor(TestCaller caller)
    {
        var client = caller.Apply(service.CreateApiClient());
        if (caller.Roles?.Contains(Therapist) == true)
        {
            client.DefaultRequestHeaders.Add(TestUsers.PractitionerHeader, SchedulingHost.PractitionerOf(TherapistCaller).ToString());
        }

        return client;
    }

    /// <summary>A therapist at home with no booking done for them.</summary>
    private HttpClient Plain(string subject) =>
        service.CreateApiClient().AsUser(subject, [Therapist], [Home], SchedulingHost.PractitionerOf(subject));

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, object? body, uint? ifMatch)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        if (method == "PUT" && ifMatch is { } version) request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return client.SendAsync(request);
    }

    private Task<long> NotesOfAppointmentAsync(Guid appointmentId) =>
        service.ScalarAsync<long>("SELECT count(*) FROM notes WHERE appointment_id = $1", appointmentId);

    /// <summary>Every note of the client with its row version, and the counts of their addenda and access records.</summary>
    private Task<string?> StateAsync(Guid clientId) => service.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(id::text || ':' || xmin::text, ',' ORDER BY id) FROM notes WHERE client_id = $1),
            (SELECT count(*) FROM note_addenda a JOIN notes n ON n.id = a.note_id WHERE n.client_id = $1),
            (SELECT count(*) FROM note_access_log l JOIN notes n ON n.id = l.note_id WHERE n.client_id = $1))
        """, clientId);
}

/// <summary>ClinicalNotes with the production deadline and resilience, and nothing listening where Scheduling should be.</summary>
public sealed class SchedulingDownFactory : NotesServiceFactory
{
    public SchedulingDownFactory() => WithSetting("Grpc:DefaultDeadline", null);

    protected override Task<string> SchedulingAddressAsync() => Task.FromResult($"http://127.0.0.1:{PostgresCluster.FreePort()}");

    protected override void ConfigureService(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        // The platform's own resilience settings: the point is how fast a real caller hears 503.
    }
}

public sealed class SchedulingDownTests(SchedulingDownFactory service) : IClassFixture<SchedulingDownFactory>
{
    [Fact]
    public async Task Scheduling_down_is_a_quick_503_and_no_note()
    {
        var appointmentId = Guid.NewGuid();
        using var client = service.CreateApiClient();
        var watch = Stopwatch.StartNew();

        using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("dependency_unavailable", problem.Code);
        Assert.True(response.Headers.RetryAfter is not null);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM notes WHERE appointment_id = $1", appointmentId));
    }
}
