using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Security;
using Referrals.Api.Features.Referrals;
using static Platform.ServiceDefaults.Security.Roles;

namespace Referrals.Tests;

/// <summary>
/// docs/AUTHORIZATION.md, Referrals: every route × every role, anonymous and a token without a platform role, on a
/// row of the physician caller's own and of another physician. A physician sees only themself and their own
/// referrals (another's is 404), submits as themself only (403), and lists only their own. A refused write stores nothing.
/// </summary>
public sealed class AuthorizationTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>
{
    private static readonly string[] Clinic = [FrontDesk, Manager, Admin];
    private static readonly string[] Readers = [FrontDesk, Therapist, Manager, Admin, Physician];

    /// <summary>What a physician meets on another physician's row: 404 (reads), 403 (submitting), or nothing special.</summary>
    private enum OtherPhysician { NotScoped, NotFound, Forbidden, Filtered }

    private sealed record Route(string Method, Func<Row, string> Path, string[] Allowed, HttpStatusCode Success, OtherPhysician Scope,
        Func<Row, JsonObject>? Body = null, bool Accepted = false);

    /// <summary>The physician the row belongs to, their referral (accepted for <see cref="Route.Accepted"/>) and its client.</summary>
    private sealed record Row(Guid PhysicianId, Guid ReferralId, Guid ClientId);

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["register physician"] = new("POST", _ => "/api/physicians", Clinic, HttpStatusCode.Created, OtherPhysician.NotScoped, _ => ReferralsDriver.PhysicianBody()),
        ["get physician"] = new("GET", r => $"/api/physicians/{r.PhysicianId}", Readers, HttpStatusCode.OK, OtherPhysician.NotFound),
        ["submit referral"] = new("POST", _ => "/api/referrals", [Physician, FrontDesk, Manager, Admin], HttpStatusCode.Created, OtherPhysician.Forbidden,
            r => ReferralsDriver.ReferralBody(r.PhysicianId, r.ClientId)),
        ["list referrals"] = new("GET", _ => "/api/referrals", Readers, HttpStatusCode.OK, OtherPhysician.Filtered),
        ["get referral"] = new("GET", r => $"/api/referrals/{r.ReferralId}", Readers, HttpStatusCode.OK, OtherPhysician.NotFound),
        ["accept referral"] = new("POST", r => $"/api/referrals/{r.ReferralId}/accept", Clinic, HttpStatusCode.OK, OtherPhysician.NotScoped,
            r => new JsonObject { ["clientId"] = r.ClientId.ToString() }),
        ["reject referral"] = new("POST", r => $"/api/referrals/{r.ReferralId}/reject", Clinic, HttpStatusCode.OK, OtherPhysician.NotScoped,
            _ => new JsonObject { ["reason"] = "Outside our scope of practice" }),
        // Not in the contract's table: a status decision like accept and reject, so the same roles.
        ["complete referral"] = new("POST", r => $"/api/referrals/{r.ReferralId}/complete", Clinic, HttpStatusCode.OK, OtherPhysician.NotScoped,
            _ => new JsonObject { ["reason"] = "Treatment finished" }, Accepted: true),
        ["progress report"] = new("GET", r => $"/api/referrals/{r.ReferralId}/progress-report", [Therapist, Manager, Admin, Physician], HttpStatusCode.OK,
            OtherPhysician.NotFound),
    };

    public static TheoryData<string, string, bool> Matrix() => TestCaller.MatrixWithOwner(Routes.Keys);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_route_answers_each_caller_as_the_contract_says(string routeName, string callerName, bool anotherPhysicians)
    {
        var route = Routes[routeName];
        var driver = new ReferralsDriver(world);
        var own = await driver.RegisterPhysicianAsync();
        var other = await driver.RegisterPhysicianAsync();
        var row = await ArrangeAsync(driver, anotherPhysicians ? other.Id : own.Id, route.Accepted);
        var caller = TestCaller.Named(callerName) with { PhysicianId = own.Id };
        var expected = caller.Expected(route.Allowed, route.Success);
        var asOutsider = expected == route.Success && anotherPhysicians && caller.Roles!.SequenceEqual([Physician]);
        if (asOutsider && route.Scope == OtherPhysician.NotFound) expected = HttpStatusCode.NotFound;
        if (asOutsider && route.Scope == OtherPhysician.Forbidden) expected = HttpStatusCode.Forbidden;
        var before = await StoredStateAsync();

        using var http = caller.Apply(world.Referrals.CreateApiClient());
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(row));
        if (route.Body is not null) request.Content = JsonContent.Create(route.Body(row));
        if (routeName == "submit referral") request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode,
            $"{routeName} as {caller} on {(anotherPhysicians ? "another" : "their own")} physician's row: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected == HttpStatusCode.Forbidden)
        {
            var code = (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code;
            Assert.Equal(asOutsider ? AccessDeniedException.NotYourPhysicianId : AccessDeniedException.RoleNotAllowed, code);
        }

        if (route.Body is not null && (int)expected >= 400)
        {
            Assert.Equal(before, await StoredStateAsync());
        }
    }

    [Fact]
    public async Task A_physician_lists_only_their_own_referrals_whatever_they_ask_for()
    {
        var driver = new ReferralsDriver(world);
        var own = await driver.RegisterPhysicianAsync();
        var other = await driver.RegisterPhysicianAsync();
        var mine = await driver.SubmitReferralAsync(ReferralsDriver.ReferralBody(own.Id));
        await driver.SubmitReferralAsync(ReferralsDriver.ReferralBody(other.Id));
        using var physician = (TestCaller.Named(Physician) with { PhysicianId = own.Id }).Apply(world.Referrals.CreateApiClient());

        using var all = await physician.GetAsync("/api/referrals?limit=200");
        using var others = await physician.GetAsync($"/api/referrals?physicianId={other.Id}");

        var listed = (await all.ShouldBeAsync<Page<ReferralView>>(HttpStatusCode.OK)).Items;
        Assert.Contains(listed, r => r.Id == mine.Id);
        Assert.All(listed, r => Assert.Equal(own.Id, r.PhysicianId));
        Assert.Empty((await others.ShouldBeAsync<Page<ReferralView>>(HttpStatusCode.OK)).Items);
    }

    [Fact]
    public async Task A_physician_token_without_a_physician_id_sees_no_referral()
    {
        var driver = new ReferralsDriver(world);
        var referral = await driver.SubmitReferralAsync(ReferralsDriver.ReferralBody((await driver.RegisterPhysicianAsync()).Id));
        using var physician = (TestCaller.Named(Physician) with { PhysicianId = null }).Apply(world.Referrals.CreateApiClient());

        using var response = await physician.GetAsync($"/api/referrals/{referral.Id}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Every_route_of_the_service_is_in_the_matrix()
    {
        Assert.Equal(world.Referrals.ApiRouteCount(), Routes.Count);
    }

    private static async Task<Row> ArrangeAsync(ReferralsDriver driver, Guid physicianId, bool accepted)
    {
        var clientId = await driver.RegisterClientAsync();
        var referral = await driver.SubmitReferralAsync(ReferralsDriver.ReferralBody(physicianId, clientId));
        if (accepted) await driver.AcceptAsync(referral.Id, clientId);
        return new Row(physicianId, referral.Id, clientId);
    }

    /// <summary>Rows and their versions: any insert or update changes it.</summary>
    private Task<string?> StoredStateAsync() => world.Referrals.ScalarAsync<string>(
        "SELECT (SELECT count(*) FROM physicians) || '/' || (SELECT count(*) FROM referrals) || '/' || (SELECT coalesce(sum(xmin::text::bigint), 0) FROM referrals)");
}
