extern alias IdentityApi;

using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Platform.ServiceDefaults.Security;
using Scheduling.Api.Features.Locations;

namespace Scheduling.Tests;

/// <summary>The real identity service with one manager of <see cref="TestCaller.HomeLocation"/>; Scheduling trusts it and has no test users.</summary>
public sealed class SchedulingWithRealTokens() : RealTokenHosts<IdentityApi::Program, Program>(new ManagerIdentity(), new ServiceFactory<Program>("schedulingdb"))
{
    public static readonly TestAccount Manager = new("scheduling-manager", Roles.Manager, [TestCaller.HomeLocation]);

    private sealed class ManagerIdentity() : RealIdentity<IdentityApi::Program>(Manager)
    {
        public override SigningCredentials SigningCredentials =>
            GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
    }
}

/// <summary>Scheduling validates tokens itself, and reads the caller's locations from the real token.</summary>
public sealed class RealTokenTests(SchedulingWithRealTokens hosts) : IClassFixture<SchedulingWithRealTokens>
{
    private static readonly object Room = new { name = "Room by token" };

    private Task<long> RoomCountAsync() => hosts.Service.ScalarAsync<long>("SELECT count(*) FROM rooms");

    [Fact]
    public async Task A_call_without_a_token_is_401_and_stores_nothing()
    {
        await hosts.Service.EnsureLocationAsync(TestCaller.HomeLocation);
        var before = await RoomCountAsync();

        using var response = await hosts.Service.CreateApiClient().PostJsonAsync($"/api/locations/{TestCaller.HomeLocation}/rooms", Room);

        Assert.Equal("authentication_required", (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(before, await RoomCountAsync());
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        using var client = hosts.Service.CreateApiClient().WithToken(hosts.Identity.TokenForAnotherAudience("someone", Roles.Admin));

        using var response = await client.GetAsync("/api/locations");

        Assert.Equal("token_wrong_audience", (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
    }

    [Fact]
    public async Task A_real_manager_token_adds_a_room_at_its_location_and_not_at_another()
    {
        await hosts.Service.EnsureLocationAsync(TestCaller.HomeLocation);
        await hosts.Service.EnsureLocationAsync(TestCaller.OtherLocation);
        using var client = hosts.Service.CreateApiClient().WithToken(await hosts.Identity.TokenAsync(SchedulingWithRealTokens.Manager));

        using var created = await client.PostJsonAsync($"/api/locations/{TestCaller.HomeLocation}/rooms", new { name = "Room 7" });
        var before = await RoomCountAsync();
        using var refused = await client.PostJsonAsync($"/api/locations/{TestCaller.OtherLocation}/rooms", new { name = "Room 7" });
        using var listElsewhere = await client.GetAsync($"/api/appointments?locationId={TestCaller.OtherLocation}");

        Assert.Equal(TestCaller.HomeLocation, (await created.ShouldBeAsync<RoomView>(HttpStatusCode.Created)).LocationId);
        Assert.Equal(AccessDeniedException.OutsideYourLocations, (await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(before, await RoomCountAsync());
        Assert.Equal(AccessDeniedException.OutsideYourLocations, (await listElsewhere.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
    }
}

/// <summary>A call that bypasses the gateway with no token, or an expired, tampered or wrong-audience one, is 401 naming why.</summary>
public sealed class RestTokenTests(SchedulingWithRealTokens hosts) : RestTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<SchedulingWithRealTokens>
{
    protected override string ProtectedRoute => "/api/locations";
}
