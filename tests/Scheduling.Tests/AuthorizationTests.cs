using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.DemoChain.Seeding;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Security;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Features.AtRisk;
using Scheduling.Api.Infrastructure;
using static Platform.ServiceDefaults.Security.Roles;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

/// <summary>
/// docs/AUTHORIZATION.md, Scheduling: every route × every role, anonymous and a token without a platform role, on
/// rows of the caller's location and of another location. Staff act at their own locations only
/// (403 <c>outside_your_locations</c>, nothing stored; admins anywhere); reading locations, shifts and availability is
/// chain-wide; lists of appointments hold the caller's locations only.
/// </summary>
public sealed class AuthorizationTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private static readonly string[] LocationReaders = [FrontDesk, Therapist, Manager, HqAuditor, Admin];
    private static readonly string[] Planners = [Manager, Admin];
    private static readonly string[] ScheduleReaders = [FrontDesk, Therapist, Manager, Admin];
    private static readonly string[] Bookers = [FrontDesk, Manager, Admin];
    private static readonly string[] Attendance = [FrontDesk, Therapist, Manager, Admin];
    private static readonly string[] Completers = [Therapist, Manager, Admin];
    private static readonly string[] AtRiskReaders = [Manager, HqAuditor, Admin];

    /// <summary>The test clock's day (a Sunday): the fixture's appointment starts at 10:00 UTC, before the clock's noon.</summary>
    private const string Today = "2026-02-01";

    /// <summary>A route: who may call it, what it answers, whether the row's location scopes it, and what it needs.</summary>
    private sealed record Route(string Method, Func<Fixture, string> Path, string[] Allowed, HttpStatusCode Success, bool Scoped,
        Func<Fixture, object>? Body = null, bool CheckedIn = false);

    /// <summary>At one location, made by an administrator before each call: a room, a practitioner's shift, an appointment in it.</summary>
    private sealed record Fixture(Guid LocationId, Guid RoomId, Guid PractitionerId, Guid ShiftId, Guid AppointmentId)
    {
        public string Appointment => $"/api/appointments/{AppointmentId}";
    }

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["create location"] = new("POST", _ => "/api/locations", [Admin], HttpStatusCode.Created, Scoped: false, _ => LocationBody()),
        ["list locations"] = new("GET", _ => "/api/locations", LocationReaders, HttpStatusCode.OK, Scoped: false),
        ["get location"] = new("GET", f => $"/api/locations/{f.LocationId}", LocationReaders, HttpStatusCode.OK, Scoped: false),
        ["add room"] = new("POST", f => $"/api/locations/{f.LocationId}/rooms", Planners, HttpStatusCode.Created, Scoped: true,
            _ => new { name = "Room " + Guid.NewGuid().ToString("N")[..8] }),
        ["create shift"] = new("POST", _ => "/api/shifts", Planners, HttpStatusCode.Created, Scoped: true,
            f => new { practitionerId = Guid.NewGuid(), locationId = f.LocationId, date = "2026-03-10", start = "09:00", end = "17:00" }),
        ["create weekly shifts"] = new("POST", _ => "/api/shifts/weekly", Planners, HttpStatusCode.Created, Scoped: true, f => new
        {
            practitionerId = Guid.NewGuid(), locationId = f.LocationId, fromDate = "2026-03-09", toDate = "2026-03-15",
            days = new[] { new { dayOfWeek = "monday", start = "09:00", end = "17:00" } },
        }),
        ["list shifts"] = new("GET", f => $"/api/shifts?locationId={f.LocationId}", ScheduleReaders, HttpStatusCode.OK, Scoped: false),
        ["get shift"] = new("GET", f => $"/api/shifts/{f.ShiftId}", ScheduleReaders, HttpStatusCode.OK, Scoped: false),
        ["find availability"] = new("GET", f => $"/api/availability?locationId={f.LocationId}&from={Today}&to={Today}&durationMinutes=60",
            ScheduleReaders, HttpStatusCode.OK, Scoped: false),
        ["book appointment"] = new("POST", _ => "/api/appointments", Bookers, HttpStatusCode.Created, Scoped: true,
            f => Booking(Guid.NewGuid(), f.PractitionerId, f.LocationId, $"{Today}T15:00:00Z", roomId: f.RoomId)),
        ["book series"] = new("POST", _ => "/api/appointments/series", Bookers, HttpStatusCode.Created, Scoped: true, f =>
        {
            var series = Booking(Guid.NewGuid(), f.PractitionerId, f.LocationId, $"{Today}T16:00:00Z", roomId: f.RoomId);
            series["count"] = 1;
            series["daysOfWeek"] = new[] { "sunday" };
            return series;
        }),
        // Without locationId the list is filtered (A_list_holds_only_the_callers_locations); with one outside, 403.
        ["list appointments"] = new("GET", f => $"/api/appointments?locationId={f.LocationId}", ScheduleReaders, HttpStatusCode.OK, Scoped: true),
        ["get appointment"] = new("GET", f => f.Appointment, ScheduleReaders, HttpStatusCode.OK, Scoped: true),
        ["check in"] = new("POST", f => $"{f.Appointment}/check-in", Attendance, HttpStatusCode.OK, Scoped: true),
        ["no-show"] = new("POST", f => $"{f.Appointment}/no-show", Attendance, HttpStatusCode.OK, Scoped: true),
        ["cancel"] = new("POST", f => $"{f.Appointment}/cancel", Attendance, HttpStatusCode.OK, Scoped: true, _ => new { reason = "Client called" }),
        ["complete"] = new("POST", f => $"{f.Appointment}/complete", Completers, HttpStatusCode.OK, Scoped: true, CheckedIn: true),
        // Managers get their own locations' part of the report (A_manager_sees_the_at_risk_report_of_their_locations_only).
        ["at-risk report"] = new("GET", _ => $"/api/appointments/at-risk?from={Today}&to={Today}", AtRiskReaders, HttpStatusCode.OK, Scoped: false),
    };

    public static TheoryData<string, string, bool> Matrix() => TestCaller.MatrixWithOwner(Routes.Keys);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_route_answers_each_caller_as_the_contract_says(string routeName, string callerName, bool atAnotherLocation)
    {
        var (route, caller) = (Routes[routeName], TestCaller.Named(callerName));
        var fixture = await ArrangeAsync(atAnotherLocation ? TestCaller.OtherLocation : TestCaller.HomeLocation, route.CheckedIn);
        var expected = caller.Expected(route.Allowed, route.Success);
        var outsideScope = expected == route.Success && route.Scoped && atAnotherLocation && !caller.Roles!.Contains(Admin);
        if (outsideScope) expected = HttpStatusCode.Forbidden;
        var before = await StoredStateAsync();

        using var http = caller.Apply(service.CreateApiClient());
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(fixture));
        if (route.Body is not null) request.Content = JsonContent.Create(route.Body(fixture), options: HttpAssertions.Json);
        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode,
            $"{routeName} as {caller} at {(atAnotherLocation ? "another" : "their")} location: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected == HttpStatusCode.Forbidden)
        {
            var code = (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code;
            Assert.Equal(outsideScope ? AccessDeniedException.OutsideYourLocations : AccessDeniedException.RoleNotAllowed, code);
        }

        if (route.Method == "POST" && (int)expected >= 400)
        {
            Assert.Equal(before, await StoredStateAsync());
        }
    }

    [Fact]
    public async Task A_list_holds_only_the_callers_locations()
    {
        var client = Guid.NewGuid();
        var here = await BookAtAsync(TestCaller.HomeLocation, client, $"{Today}T10:00:00Z");
        var elsewhere = await BookAtAsync(TestCaller.OtherLocation, client, $"{Today}T15:00:00Z");

        Guid[] Ids(Page<AppointmentView> page) => page.Items.Select(a => a.Id).Order().ToArray();
        async Task<Page<AppointmentView>> ListAsync(TestCaller caller, string query) =>
            await (await caller.Apply(service.CreateApiClient()).GetAsync($"/api/appointments?{query}")).ShouldBeAsync<Page<AppointmentView>>(HttpStatusCode.OK);

        foreach (var staff in new[] { FrontDesk, Therapist, Manager }.Select(TestCaller.Named))
        {
            Assert.Equal([here.Id], Ids(await ListAsync(staff, $"clientId={client}")));
            Assert.All((await ListAsync(staff, "limit=200")).Items, a => Assert.Equal(TestCaller.HomeLocation, a.LocationId));
        }

        Assert.Equal(new[] { here.Id, elsewhere.Id }.Order().ToArray(), Ids(await ListAsync(TestCaller.Named(Admin), $"clientId={client}")));
        var atBoth = new TestCaller("manager-of-both", [Manager], [TestCaller.HomeLocation, TestCaller.OtherLocation]);
        Assert.Equal(2, (await ListAsync(atBoth, $"clientId={client}")).Items.Count);
    }

    [Fact]
    public async Task A_list_asked_for_another_location_is_403_saying_so()
    {
        using var frontDesk = TestCaller.Named(FrontDesk).Apply(service.CreateApiClient());

        using var response = await frontDesk.GetAsync($"/api/appointments?locationId={TestCaller.OtherLocation}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(AccessDeniedException.OutsideYourLocations, problem.Code);
        Assert.Contains("locationId", problem.Detail);
    }

    [Fact]
    public async Task Staff_of_another_location_cannot_move_an_appointment_and_it_stays_as_it_was()
    {
        var appointment = await BookAtAsync(TestCaller.OtherLocation, Guid.NewGuid(), $"{Today}T10:00:00Z");
        Task<string?> RowAsync() => service.ScalarAsync<string>("SELECT status || '/' || xmin FROM appointments WHERE id = $1", appointment.Id);
        var before = await RowAsync();

        foreach (var (caller, action) in new[] { (FrontDesk, "check-in"), (Therapist, "no-show"), (Manager, "check-in"), (Therapist, "complete") })
        {
            using var http = TestCaller.Named(caller).Apply(service.CreateApiClient());
            using var response = await http.PostAsync($"/api/appointments/{appointment.Id}/{action}", null);
            Assert.Equal(AccessDeniedException.OutsideYourLocations, (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        }

        Assert.StartsWith("booked/", before);
        Assert.Equal(before, await RowAsync());
    }

    [Fact]
    public async Task An_unknown_appointment_is_404_for_staff_too()
    {
        using var frontDesk = TestCaller.Named(FrontDesk).Apply(service.CreateApiClient());

        await (await frontDesk.GetAsync($"/api/appointments/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await frontDesk.PostAsync($"/api/appointments/{Guid.NewGuid()}/check-in", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_manager_sees_the_at_risk_report_of_their_locations_only()
    {
        // A practitioner whose only licence in New York is suspended (as Credentials' event said), booked at both locations.
        var practitioner = Guid.NewGuid();
        await service.ExecuteAsync(
            "INSERT INTO license_standings (license_id, practitioner_id, jurisdiction, status, expires_on, changed_at, event_id) VALUES ($1, $2, 'US-NY', 'suspended', $3, $4, $5)",
            Guid.NewGuid(), practitioner, new DateOnly(2027, 1, 1), DateTime.UtcNow, Guid.NewGuid());
        var here = await BookAtAsync(TestCaller.HomeLocation, Guid.NewGuid(), "2026-02-02T15:00:00Z", practitioner);
        var elsewhere = await BookAtAsync(TestCaller.OtherLocation, Guid.NewGuid(), "2026-02-03T15:00:00Z", practitioner);

        async Task<Guid[]> AtRiskAsync(string caller) =>
            (await (await TestCaller.Named(caller).Apply(service.CreateApiClient()).GetAsync("/api/appointments/at-risk?from=2026-02-02&to=2026-02-03&limit=200"))
                .ShouldBeAsync<AtRiskReport>(HttpStatusCode.OK))
            .Items.Select(a => a.Appointment.Id).Where(id => id == here.Id || id == elsewhere.Id).Order().ToArray();

        Assert.Equal([here.Id], await AtRiskAsync(Manager));
        Assert.Equal(new[] { here.Id, elsewhere.Id }.Order().ToArray(), await AtRiskAsync(HqAuditor));
        Assert.Equal(new[] { here.Id, elsewhere.Id }.Order().ToArray(), await AtRiskAsync(Admin));
    }

    [Fact]
    public void Every_route_of_the_service_is_in_the_matrix()
    {
        Assert.Equal(service.ApiRouteCount(), Routes.Count);
    }

    private async Task<Fixture> ArrangeAsync(Guid locationId, bool checkedIn)
    {
        await service.EnsureLocationAsync(locationId);
        var admin = service.CreateApiClient();
        var room = await admin.AddRoomAsync(locationId, "Room " + Guid.NewGuid().ToString("N")[..8]);
        var practitioner = Guid.NewGuid();
        var shift = await admin.CreateShiftAsync(practitioner, locationId, Today, "00:00", "23:59");
        var appointment = await admin.BookAsync(Booking(Guid.NewGuid(), practitioner, locationId, $"{Today}T10:00:00Z", roomId: room.Id));
        if (checkedIn) await (await admin.PostAsync($"/api/appointments/{appointment.Id}/check-in", null)).ShouldBeAsync<AppointmentView>(HttpStatusCode.OK);
        return new Fixture(locationId, room.Id, practitioner, shift.Id, appointment.Id);
    }

    /// <summary>An appointment booked by an administrator, in a room of its own, for a practitioner working there all that day.</summary>
    private async Task<AppointmentView> BookAtAsync(Guid locationId, Guid client, string start, Guid? practitioner = null)
    {
        await service.EnsureLocationAsync(locationId);
        var admin = service.CreateApiClient();
        var room = await admin.AddRoomAsync(locationId, "Room " + Guid.NewGuid().ToString("N")[..8]);
        var who = practitioner ?? Guid.NewGuid();
        await admin.CreateShiftAsync(who, locationId, start[..10], "00:00", "23:59");

        return await admin.BookAsync(Booking(client, who, locationId, start, roomId: room.Id));
    }

    /// <summary>Rows and their versions: any insert or update changes it.</summary>
    private Task<string?> StoredStateAsync() => service.ScalarAsync<string>("""
        SELECT (SELECT count(*) FROM locations) || '/' || (SELECT count(*) FROM rooms) || '/' || (SELECT count(*) FROM shifts) || '/' ||
               (SELECT count(*) FROM appointments) || '/' || (SELECT coalesce(sum(xmin::text::bigint), 0) FROM appointments)
        """);
}

public static class SchedulingLocations
{
    /// <summary>
    /// A New York location with this id (the id a caller's token names, as <see cref="TestCaller.HomeLocation"/>), open
    /// around the clock; made once, directly in the service's database (the API chooses its own ids).
    /// </summary>
    public static async Task EnsureLocationAsync(this ServiceFactory<Program> service, Guid id)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        if (await db.Locations.AnyAsync(l => l.Id == id)) return;
        var hours = Enum.GetValues<DayOfWeek>().Select(d => new OpeningInterval(d, new TimeOnly(0, 0), new TimeOnly(23, 59)));
        db.Locations.Add(db.WithId(Location.Create($"Clinic {id:N}"[..15], ZonedTime.Find(NewYork), "US-NY",
            new Address("1 Main Street", null, "Springfield", "10001"), hours, DateTimeOffset.UtcNow), id));
        await db.SaveChangesAsync();
    }
}
