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
public sealed class RealTokenTests(ClientsWithRealTokens hosts) : RestTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<ClientsWithRealTokens>
{
    protected override string ProtectedRoute => "/api/clients";

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

/// <summary>Clients' gRPC (the booking profile) admits platform services' real tokens only.</summary>
public sealed class GrpcTokenTests(ClientsWithRealTokens hosts) : GrpcTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<ClientsWithRealTokens>
{
    protected override TestAccount Person => ClientsWithRealTokens.FrontDesk;

    protected override async Task CallAsync(global::Grpc.Net.Client.GrpcChannel channel) =>
        Assert.False((await new Clients.Grpc.ClientDirectory.ClientDirectoryClient(channel)
            .GetBookingProfileAsync(new Clients.Grpc.GetBookingProfileRequest { ClientId = Guid.CreateVersion7().ToString() })).Exists);
}
