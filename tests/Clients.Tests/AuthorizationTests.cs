using System.Net;
using System.Net.Http.Json;
using Platform.ServiceDefaults.Security;
using static Platform.ServiceDefaults.Security.Roles;

namespace Clients.Tests;

/// <summary>
/// docs/AUTHORIZATION.md, Clients: every route × every role, anonymous and a token without a platform role, for a
/// client of the caller's location and of another location. Reads are chain-wide; writes stay with the client's
/// home location (403 <c>outside_your_locations</c>; admins anywhere). A refused write stores nothing.
/// </summary>
public sealed class AuthorizationTests(ClientsServiceFactory service) : IClassFixture<ClientsServiceFactory>
{
    private static readonly string[] Writers = [FrontDesk, Manager, Admin];
    private static readonly string[] Readers = [FrontDesk, Therapist, Manager, Admin];

    /// <summary>A route: who may call it, what it answers, whether the client's home location scopes it.</summary>
    private sealed record Route(string Method, Func<Guid, string> Path, string[] Allowed, HttpStatusCode Success, bool Scoped, Func<Guid, object>? Body = null);

    private static readonly Dictionary<string, Route> Routes = new()
    {
        // For registration the location is the new client's homeLocationId; elsewhere, the existing client's.
        ["register client"] = new("POST", _ => "/api/clients", Writers, HttpStatusCode.Created, Scoped: true,
            location => WithHome(ClientsApiDriver.NewClient(), location)),
        ["search clients"] = new("GET", _ => "/api/clients?search=Lima", Readers, HttpStatusCode.OK, Scoped: false),
        ["get client"] = new("GET", id => $"/api/clients/{id}", Readers, HttpStatusCode.OK, Scoped: false),
        ["update client"] = new("PUT", id => $"/api/clients/{id}", Writers, HttpStatusCode.OK, Scoped: true,
            location => WithHome(ClientsApiDriver.NewClient(), location)),
        ["record health history"] = new("PUT", id => $"/api/clients/{id}/health-history", Writers, HttpStatusCode.OK, Scoped: true,
            _ => ClientsApiDriver.History([])),
        ["record consent"] = new("POST", id => $"/api/clients/{id}/consents", Writers, HttpStatusCode.Created, Scoped: true,
            _ => new { type = "treatment", signedAt = DateTimeOffset.UtcNow.AddMinutes(-5) }),
    };

    public static TheoryData<string, string, bool> Matrix() => TestCaller.MatrixWithOwner(Routes.Keys);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_route_answers_each_caller_as_the_contract_says(string routeName, string callerName, bool atAnotherLocation)
    {
        var (route, caller) = (Routes[routeName], TestCaller.Named(callerName));
        var location = atAnotherLocation ? TestCaller.OtherLocation : TestCaller.HomeLocation;
        var (client, etag) = await service.CreateApiClient().RegisterAsync(WithHome(ClientsApiDriver.NewClient(), location));
        var expected = caller.Expected(route.Allowed, route.Success);
        var outsideScope = expected == route.Success && route.Scoped && atAnotherLocation && !caller.Roles!.Contains(Admin);
        if (outsideScope) expected = HttpStatusCode.Forbidden;
        var before = await StoredStateAsync();

        using var http = caller.Apply(service.CreateApiClient());
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(client.Id));
        if (route.Body is not null) request.Content = JsonContent.Create(route.Body(location), options: HttpAssertions.Json);
        if (route.Method == "PUT") request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode,
            $"{routeName} as {caller} at {(atAnotherLocation ? "another" : "their")} location: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected == HttpStatusCode.Forbidden)
        {
            var code = (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code;
            Assert.Equal(outsideScope ? AccessDeniedException.OutsideYourLocations : AccessDeniedException.RoleNotAllowed, code);
        }

        if (route.Body is not null && (int)expected >= 400)
        {
            Assert.Equal(before, await StoredStateAsync());
        }
    }

    [Fact]
    public async Task Moving_a_client_is_a_write_at_the_current_home_location_not_the_new_one()
    {
        var (client, etag) = await service.CreateApiClient().RegisterAsync(WithHome(ClientsApiDriver.NewClient(), TestCaller.OtherLocation));
        using var frontDesk = TestCaller.Named(FrontDesk).Apply(service.CreateApiClient());

        using var response = await frontDesk.PutWithETagAsync($"/api/clients/{client.Id}",
            WithHome(ClientsApiDriver.NewClient(client.FirstName, client.LastName), TestCaller.HomeLocation), etag);

        Assert.Equal(AccessDeniedException.OutsideYourLocations, (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(TestCaller.OtherLocation, await service.ScalarAsync<Guid>("SELECT home_location_id FROM clients WHERE id = $1", client.Id));
    }

    [Fact]
    public void Every_route_of_the_service_is_in_the_matrix()
    {
        Assert.Equal(service.ApiRouteCount(), Routes.Count);
    }

    private static Dictionary<string, object?> WithHome(Dictionary<string, object?> body, Guid location)
    {
        body["homeLocationId"] = location;
        return body;
    }

    /// <summary>Rows and their versions: any insert or update changes it.</summary>
    private Task<string?> StoredStateAsync() => service.ScalarAsync<string>(
        "SELECT (SELECT count(*) FROM clients) || '/' || (SELECT count(*) FROM consents) || '/' || (SELECT coalesce(sum(xmin::text::bigint), 0) FROM clients)");
}
