extern alias IdentityApi;

using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Platform.ServiceDefaults.Security;
using Referrals.Api.Features.Physicians;

namespace Referrals.Tests;

/// <summary>The real identity service with one front desk user; Referrals trusts it and has no test users.</summary>
public sealed class ReferralsWithRealTokens() : RealTokenHosts<IdentityApi::Program, Program>(new FrontDeskIdentity(), new ServiceFactory<Program>("referralsdb"))
{
    public static readonly TestAccount FrontDesk = new("referrals-frontdesk", Roles.FrontDesk, [TestCaller.HomeLocation]);

    private sealed class FrontDeskIdentity() : RealIdentity<IdentityApi::Program>(FrontDesk)
    {
        public override SigningCredentials SigningCredentials =>
            GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
    }
}

/// <summary>Referrals validates tokens itself: a call that bypasses the gateway needs a valid token for this platform.</summary>
public sealed class RealTokenTests(ReferralsWithRealTokens hosts) : RestTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<ReferralsWithRealTokens>
{
    protected override string ProtectedRoute => "/api/referrals";

    private Task<long> PhysicianCountAsync() => hosts.Service.ScalarAsync<long>("SELECT count(*) FROM physicians");

    [Fact]
    public async Task A_call_without_a_token_is_401_and_stores_nothing()
    {
        var before = await PhysicianCountAsync();

        using var response = await hosts.Service.CreateApiClient().PostJsonAsync("/api/physicians", ReferralsDriver.PhysicianBody());

        Assert.Equal("authentication_required", (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(before, await PhysicianCountAsync());
    }

    [Fact]
    public async Task A_real_token_is_accepted()
    {
        using var client = hosts.Service.CreateApiClient().WithToken(await hosts.Identity.TokenAsync(ReferralsWithRealTokens.FrontDesk));

        using var created = await client.PostJsonAsync("/api/physicians", ReferralsDriver.PhysicianBody());
        var physician = await created.ShouldBeAsync<PhysicianView>(HttpStatusCode.Created);
        using var read = await client.GetAsync($"/api/physicians/{physician.Id}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}

/// <summary>Referrals' gRPC (visit holds, the event sink) admits platform services' real tokens only.</summary>
public sealed class GrpcTokenTests(ReferralsWithRealTokens hosts) : GrpcTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<ReferralsWithRealTokens>
{
    protected override TestAccount Person => ReferralsWithRealTokens.FrontDesk;

    protected override async Task CallAsync(global::Grpc.Net.Client.GrpcChannel channel) =>
        Assert.Empty((await new Platform.Events.Grpc.EventSink.EventSinkClient(channel).DeliverAsync(new Platform.Events.Grpc.DeliverRequest())).Acks);
}
