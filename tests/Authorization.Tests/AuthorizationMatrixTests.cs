using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authorization.Tests;

/// <summary>
/// Issue 9, "done when": every route × every caller → the outcome docs/AUTHORIZATION.md promises, through the real
/// gateway with real tokens, and no route of the gateway or REST endpoint of a service left out of the matrix.
/// </summary>
public sealed class AuthorizationMatrixTests(PlatformHosts hosts) : IClassFixture<PlatformHosts>
{
    /// <summary>Gateway routes outside <c>/api</c> that are public on purpose, and why. Any other route needs matrix rows.</summary>
    private static readonly Dictionary<string, string> PublicByDesign = new(StringComparer.Ordinal)
    {
        ["identity-connect"] = "OpenID Connect endpoints: how a caller gets a token",
        ["identity-well-known"] = "OpenID Connect discovery and signing keys",
        ["identity-account"] = "the sign-in page",
        ["openapi-clients"] = "API document (no data)",
        ["openapi-scheduling"] = "API document (no data)",
        ["openapi-clinicalnotes"] = "API document (no data)",
        ["openapi-referrals"] = "API document (no data)",
        ["openapi-credentials"] = "API document (no data)",
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Matrix.Rows)
        foreach (var caller in Caller.All)
            data.Add(row.Name, caller.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_route_answers_each_caller_as_the_contract_says(string row, string caller)
    {
        var (route, who) = (Matrix.Named(row), Caller.Named(caller));
        var expected = route.Expected(who);
        var call = await route.Build(hosts.World);

        using var request = new HttpRequestMessage(new HttpMethod(route.Method), call.Path);
        if (call.Body is not null) request.Content = JsonContent.Create(call.Body);
        if (call.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", call.IfMatch);
        if (call.IdempotencyKey) request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await hosts.As(who).SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        var actual = new Outcome(response.StatusCode, (int)response.StatusCode >= 400 ? ProblemCode(body) : null);
        Assert.True(expected.Status == actual.Status && (expected.Code is null || expected.Code == actual.Code),
            $"{row} as {caller} ({call.Path}): expected {expected}, got {actual}: {(body.Length > 400 ? body[..400] + "…" : body)}");
    }

    /// <summary>
    /// The lists the contract filters instead of refusing: a 200 says nothing about what is in it, so each case reads the
    /// list as the scoped caller and checks that every row is theirs (and that there is one), where the world holds
    /// plenty of rows that are not.
    /// </summary>
    public static TheoryData<string> FilteredLists() =>
    [
        "a physician's referral list holds their own referrals only",
        "a manager's appointment list holds their location's appointments only",
        "a manager elsewhere finds none of a client's notes",
        "a manager elsewhere gets no outcome series from another location's notes",
    ];

    [Theory]
    [MemberData(nameof(FilteredLists))]
    public async Task Lists_hold_only_the_callers_rows(string list)
    {
        var world = hosts.World;
        switch (list)
        {
            case "a physician's referral list holds their own referrals only":
            {
                var items = await ItemsAsync(Caller.PhysicianP2, "/api/referrals?limit=100");
                Assert.NotEmpty(items);
                Assert.All(items, i => Assert.Equal(world.PhysicianP2, Guid.Parse(i!["physicianId"]!.GetValue<string>())));
                break;
            }

            case "a manager's appointment list holds their location's appointments only":
            {
                var items = await ItemsAsync(Caller.ManagerB, "/api/appointments?limit=100");
                Assert.NotEmpty(items);
                Assert.All(items, i => Assert.Equal(world.LocationB, Guid.Parse(i!["locationId"]!.GetValue<string>())));
                break;
            }

            case "a manager elsewhere finds none of a client's notes":
                Assert.NotEmpty(await ItemsAsync(Caller.Therapist, $"/api/notes?clientId={world.ClientA}"));
                Assert.Empty(await ItemsAsync(Caller.ManagerB, $"/api/notes?clientId={world.ClientA}"));
                break;

            case "a manager elsewhere gets no outcome series from another location's notes":
                Assert.NotEqual(0, (await ReadAsync(Caller.Therapist, $"/api/clients/{world.ClientA}/outcomes"))["notesSigned"]!.GetValue<int>());
                Assert.Equal(0, (await ReadAsync(Caller.ManagerB, $"/api/clients/{world.ClientA}/outcomes"))["notesSigned"]!.GetValue<int>());
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(list), list, null);
        }
    }

    private async Task<JsonObject> ReadAsync(Caller caller, string path)
    {
        using var response = await hosts.As(caller).GetAsync(path);
        return await response.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
    }

    private async Task<JsonArray> ItemsAsync(Caller caller, string path) => (await ReadAsync(caller, path))["items"]!.AsArray();

    [Fact]
    public void Every_REST_endpoint_behind_the_gateway_has_a_row_and_every_row_an_endpoint()
    {
        var catalog = RouteCatalog.Of(hosts);
        var rows = Matrix.Rows.Select(r => (r.Method, r.Shape)).ToHashSet();
        var endpoints = catalog.Endpoints.Select(e => (e.Method, e.Shape)).ToHashSet();

        var missing = catalog.Endpoints.Where(e => !rows.Contains((e.Method, e.Shape))).Select(e => e.ToString()).ToList();
        var stale = Matrix.Rows.Where(r => !endpoints.Contains((r.Method, r.Shape))).Select(r => r.Name).Distinct().ToList();

        Assert.True(missing.Count == 0, "Endpoints with no matrix row (add rows as docs/AUTHORIZATION.md says):\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "Matrix rows no service endpoint behind the gateway matches:\n" + string.Join('\n', stale));
    }

    [Fact]
    public void Every_gateway_route_is_in_the_matrix_or_public_by_design()
    {
        var catalog = RouteCatalog.Of(hosts);
        var problems = new List<string>();
        foreach (var route in catalog.GatewayRoutes)
        {
            var forwarded = catalog.Endpoints.Count(e => e.GatewayRoute == route.RouteId);
            var isPublic = string.Equals(route.AuthorizationPolicy, "anonymous", StringComparison.OrdinalIgnoreCase);
            if (PublicByDesign.ContainsKey(route.RouteId))
            {
                if (!isPublic) problems.Add($"'{route.RouteId}' ({route.Match.Path}) is listed as public but requires a token.");
                if (route.Match.Path!.StartsWith("/api/", StringComparison.Ordinal)) problems.Add($"'{route.RouteId}' is under /api but listed as public.");
                continue;
            }

            if (isPublic) problems.Add($"'{route.RouteId}' ({route.Match.Path}) lets anonymous callers through and is not listed as public by design.");
            if (forwarded == 0) problems.Add($"'{route.RouteId}' ({route.Match.Path}) forwards to no REST endpoint of the matrix's services: add its rows.");
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Row_names_are_unique()
    {
        var duplicates = Matrix.Rows.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    private static string? ProblemCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code)
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
