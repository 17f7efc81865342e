extern alias clients;
extern alias credentials;
extern alias referrals;

using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;

namespace Scheduling.Tests;

/// <summary>The test classes that start a world run one at a time: each world is seven hosts.</summary>
[CollectionDefinition(Name)]
public sealed class WorldCollection
{
    public const string Name = "worlds";
}

/// <summary>
/// Scheduling with the real services it depends on: Clients (booking profile), Credentials (eligibility, licence
/// events) and Referrals (visit holds, appointment events, itself asking Clients), each on real Kestrel ports and a
/// fresh database of the shared test cluster, with the system clock. Every service finds the others the way the
/// AppHost tells it (<c>services:{name}:grpc:0</c>). An xunit class fixture: one world per test class.
/// </summary>
public class SchedulingWorld : IAsyncLifetime
{
    public ServiceFactory<clients::Program> Clients { get; } = new ServiceFactory<clients::Program>("clientsdb").UseRealServer()
        .WithDefaultUser("scheduling-tests-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);

    public ServiceFactory<credentials::Program> Credentials { get; } = new ServiceFactory<credentials::Program>("credentialsdb").UseRealServer()
        .WithDefaultUser("scheduling-tests-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);

    public ServiceFactory<referrals::Program> Referrals { get; } = new ServiceFactory<referrals::Program>("referralsdb").UseRealServer()
        .WithDefaultUser("scheduling-tests-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);

    /// <summary>
    /// Patient with its dependencies (<see cref="PatientSchedulingFactory"/>): these tests judge what is booked and held,
    /// not how fast. The production deadlines are tested in <see cref="DependencyDownTests"/>.
    /// </summary>
    public ServiceFactory<Program> Scheduling { get; } = new PatientSchedulingFactory().UseRealServer();

    /// <summary>A loopback address where nothing listens: a service that is down.</summary>
    public static string DeadAddress() => $"http://127.0.0.1:{PostgresCluster.FreePort()}";

    public virtual async Task InitializeAsync()
    {
        Referrals.WithSetting("services:clients:grpc:0", Clients.GrpcAddress!.ToString());
        Credentials.WithSetting("services:scheduling:grpc:0", Scheduling.GrpcAddress!.ToString());
        PointAtDependencies(Scheduling);
        // All at once: each address is known from the start, and a port chosen but not yet bound is a port some
        // outgoing connection may take meanwhile.
        await Task.WhenAll(Clients.InitializeAsync(), Credentials.InitializeAsync(), Referrals.InitializeAsync(), Scheduling.InitializeAsync());
        await Task.WhenAll(WarmUpAsync(Scheduling), WarmUpReferralsAsync());
    }

    /// <summary>Referrals asks Clients whether a client exists when a referral is accepted: the same first-call cost.</summary>
    private async Task WarmUpReferralsAsync()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var scope = Referrals.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<referrals::Referrals.Api.Infrastructure.ClientRegistry>()
                    .EnsureExistsAsync(Guid.CreateVersion7(), "warm-up", CancellationToken.None);
            }
            catch (BusinessRuleException)
            {
                return; // Clients answered "no such client": the path is warm.
            }
            catch (DependencyUnavailableException)
            {
            }
        }
    }

    /// <summary>
    /// The first calls from Scheduling to each dependency pay for connections, HTTP/2 setup and JIT on both sides; on a
    /// busy machine that can pass the deadline, which would be a 503 in whichever test happens to come first.
    /// </summary>
    public static async Task WarmUpAsync(ServiceFactory<Program> scheduling)
    {
        var location = Location.Create("Warm-up", TimeZoneInfo.Utc, "US-NY", new Address("1 Main Street", null, "Springfield", "10001"), [], DateTimeOffset.UtcNow);
        var visit = new PlannedVisit(Guid.CreateVersion7(), new Interval(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)), DateOnly.FromDateTime(DateTime.UtcNow));
        var plan = new BookingPlan(Guid.CreateVersion7(), Guid.CreateVersion7(), location, null, ServiceCode.Treatment60, Guid.CreateVersion7(), null, null, [visit]);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var scope = scheduling.Services.CreateAsyncScope();
            var gates = scope.ServiceProvider.GetRequiredService<IBookingGates>();
            try
            {
                await gates.CheckAsync(plan, CancellationToken.None);
                await gates.ReleaseAsync(plan, CancellationToken.None);
                return;
            }
            catch (DependencyUnavailableException)
            {
            }
        }
    }

    /// <summary>
    /// Gives a Scheduling host the addresses of the world's Clients, Credentials and Referrals, and test users, so its
    /// calls to them act as a service (they admit service callers only).
    /// </summary>
    public ServiceFactory<Program> PointAtDependencies(ServiceFactory<Program> scheduling) => scheduling.WithTestUsers()
        .WithSetting("services:clients:grpc:0", Clients.GrpcAddress!.ToString())
        .WithSetting("services:credentials:grpc:0", Credentials.GrpcAddress!.ToString())
        .WithSetting("services:referrals:grpc:0", Referrals.GrpcAddress!.ToString());

    public virtual async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Scheduling).DisposeAsync();
        await ((IAsyncLifetime)Referrals).DisposeAsync();
        await ((IAsyncLifetime)Credentials).DisposeAsync();
        await ((IAsyncLifetime)Clients).DisposeAsync();
    }
}

/// <summary>
/// Scheduling with its production configuration except the deadlines of its calls to other services: 10 s instead of
/// 1.5 s (and the resilience handler's timeouts and breaker to match). Every service of a world runs in the test
/// process, on a 2-core machine shared with other builds; a burst of 50 bookings there can miss the production
/// deadline, which would be a correct 503 but not what those tests are about.
/// </summary>
public sealed class PatientSchedulingFactory : ServiceFactory<Program>
{
    public PatientSchedulingFactory() : base("schedulingdb") => this.AsAdministrator().WithSetting("Scheduling:CallDeadline", "00:00:10");

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.UsePatientResilience(keepBreakerClosed: true));
}

/// <summary>A TCP port that accepts connections and never answers: a dependency that hangs.</summary>
public sealed class HungService : IDisposable
{
    private readonly TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private readonly CancellationTokenSource _stop = new();

    public HungService()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Address => $"http://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_accepted) _accepted.Add(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_accepted) _accepted.ForEach(c => c.Dispose());
        _stop.Dispose();
    }
}
