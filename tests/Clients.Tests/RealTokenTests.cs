extern alias IdentityApi;

using System.Net;
using Clients.Api.Features.Clients;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Platform.ServiceDefaults.Security;

namespace Clients.Tests;

/// <summary>The real identity service with one front desk user; Clients trusts it and has no test users.</summary>
public sealed class ClientsWithRealTokens() : RealTokenHosts<IdentityApi::Program, Program>(new FrontDeskIdentity(), new ServiceFactory<Program>("clientsdb"))
{
    public static readonly TestAccount FrontDesk = new("clients-frontdesk", Roles.FrontDesk, [TestCaller.HomeLocation]);

    private sealed class FrontDeskIdentity() : RealIdentity<IdentityApi::Program>(FrontDesk)
    {
        public override SigningCredentials SigningCredentials =>
            GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
    }
}

/// <summary>Clients validates tokens itself, and reads the caller's locations from the real token.</summary>
public sealed class RealTokenTests(ClientsWithRealTokens hosts) : IClassFixture<ClientsWithRealTokens>
{
    private Task<long> ClientCountAsync() => hosts.Service.ScalarAsync<long>("SELECT count(*) FROM clients");

    [Fact]
    public async Task A_call_without_a_token_is_401_and_stores_nothing()
    {
        var before = await ClientCountAsync();

        using var response = await hosts.Service.CreateApiClient().PostJsonAsync("/api/clients", ClientsApiDriver.NewClient());

        Assert.Equal("authentication_required", (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(before, await ClientCountAsync());
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        using var client = hosts.Service.CreateApiClient().WithToken(hosts.Identity.TokenForAnotherAudience("someone", Roles.Admin));

        using var response = await client.GetAsync("/api/clients");

        Assert.Equal("token_wrong_audience", (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
    }

    [Fact]
    public async Task A_real_front_desk_token_registers_at_its_location_and_not_at_another()
    {
        using var client = hosts.Service.CreateApiClient().WithToken(await hosts.Identity.TokenAsync(ClientsWithRealTokens.FrontDesk));
        var here = ClientsApiDriver.NewClient();
        here["homeLocationId"] = TestCaller.HomeLocation;
        var elsewhere = ClientsApiDriver.NewClient();
        elsewhere["homeLocationId"] = TestCaller.OtherLocation;

        using var created = await client.PostJsonAsync("/api/clients", here);
        var before = await ClientCountAsync();
        using var refused = await client.PostJsonAsync("/api/clients", elsewhere);

        await created.ShouldBeAsync<ClientView>(HttpStatusCode.Created);
        Assert.Equal(AccessDeniedException.OutsideYourLocations, (await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(before, await ClientCountAsync());
    }
}
