extern alias IdentityApi;

using Credentials.Events;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Platform.Events.Grpc;
using Platform.ServiceDefaults.Security;

namespace Scheduling.Tests;

/// <summary>The real identity service with one front desk user; Scheduling trusts it and has no test users.</summary>
public sealed class SchedulingWithServiceTokens() : RealTokenHosts<IdentityApi::Program, Program>(new FrontDeskIdentity(), new ServiceFactory<Program>("schedulingdb"))
{
    public static readonly TestAccount FrontDesk = new("scheduling-frontdesk", Roles.FrontDesk, [TestCaller.HomeLocation]);

    private sealed class FrontDeskIdentity() : RealIdentity<IdentityApi::Program>(FrontDesk)
    {
        public override SigningCredentials SigningCredentials =>
            GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
    }
}

/// <summary>Scheduling's gRPC (the event sink Credentials delivers licence changes to) admits platform services' real tokens only.</summary>
public sealed class GrpcTokenTests(SchedulingWithServiceTokens hosts) : GrpcTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<SchedulingWithServiceTokens>
{
    protected override TestAccount Person => SchedulingWithServiceTokens.FrontDesk;

    protected override async Task CallAsync(global::Grpc.Net.Client.GrpcChannel channel) =>
        Assert.Empty((await new EventSink.EventSinkClient(channel).DeliverAsync(new DeliverRequest())).Acks);
}

/// <summary>A licence change reaches the at-risk report only from a platform service.</summary>
public sealed class EventSinkTests(SchedulingServiceFactory service) : EventSinkContract<Program>(service), IClassFixture<SchedulingServiceFactory>
{
    protected override IMessage ApplicableEvent() => new LicenseStatusChanged
    {
        LicenseId = Guid.CreateVersion7().ToString(),
        PractitionerId = Guid.CreateVersion7().ToString(),
        Jurisdiction = "US-NY",
        PreviousStatus = "active",
        Status = "suspended",
        PreviousExpiresOn = "2027-01-31",
        ExpiresOn = "2027-01-31",
    };
}
