using System.Diagnostics;
using System.Net;
using static Scheduling.Tests.SchedulingClient;
using static Scheduling.Tests.WorldDriver;

namespace Scheduling.Tests;

/// <summary>
/// The world, plus Scheduling hosts with the production deadlines for which one dependency is down (nothing listens)
/// or hangs (accepts connections and never answers).
/// </summary>
public sealed class DownWorld : SchedulingWorld
{
    public HungService Hung { get; } = new();

    public ServiceFactory<Program> ClientsDown { get; } = new("schedulingdb");
    public ServiceFactory<Program> CredentialsHung { get; } = new("schedulingdb");
    public ServiceFactory<Program> ReferralsDown { get; } = new("schedulingdb");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        PointAtDependencies(ClientsDown).WithSetting("services:clients:grpc:0", DeadAddress());
        PointAtDependencies(CredentialsHung).WithSetting("services:credentials:grpc:0", Hung.Address);
        PointAtDependencies(ReferralsDown).WithSetting("services:referrals:grpc:0", DeadAddress());
        await Task.WhenAll(ClientsDown.InitializeAsync(), CredentialsHung.InitializeAsync(), ReferralsDown.InitializeAsync());
        await Task.WhenAll(WarmUpAsync(ClientsDown), WarmUpAsync(CredentialsHung), WarmUpAsync(ReferralsDown));
    }

    public override async Task DisposeAsync()
    {
        foreach (var host in new[] { ClientsDown, CredentialsHung, ReferralsDown }) await ((IAsyncLifetime)host).DisposeAsync();
        Hung.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>A dependency that is down or hangs: a 503 problem with Retry-After, within the deadline, and nothing booked or held.</summary>
[Collection(WorldCollection.Name)]
public sealed class DependencyDownTests(DownWorld world) : IClassFixture<DownWorld>
{
    private readonly WorldDriver _world = new(world);
    private static readonly DateOnly Date = Day(1);

    private async Task<(Guid Location, Guid Practitioner, Guid Client)> BookableAsync(ServiceFactory<Program> scheduling)
    {
        var (practitioner, _) = await _world.EligiblePractitionerAsync();
        var api = scheduling.CreateApiClient();
        var location = await api.CreateLocationAsync(rooms: 1);
        await api.CreateShiftAsync(practitioner, location.Id, Iso(Date));
        return (location.Id, practitioner, await _world.RegisterClientAsync());
    }

    private static async Task<Problem> UnavailableAsync(ServiceFactory<Program> scheduling, Dictionary<string, object?> body, string dependency)
    {
        var watch = Stopwatch.StartNew();
        using var response = await scheduling.CreateApiClient().PostJsonAsync("/api/appointments", body);
        watch.Stop();
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("dependency_unavailable", problem.Code);
        Assert.Contains($"The {dependency} service did not answer in time", problem.Detail);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        // Not a speed assertion: a hang guard. The deadline is 1.5 s; a request that waited for the default 30 s
        // resilience timeout, or for ever, fails here.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"The 503 took {watch.Elapsed}.");
        Assert.Equal(0L, await scheduling.ScalarAsync<long>("SELECT count(*) FROM appointments"));
        return problem;
    }

    [Fact]
    public async Task Clients_down_is_a_503_and_nothing_is_booked()
    {
        var (location, practitioner, client) = await BookableAsync(world.ClientsDown);

        await UnavailableAsync(world.ClientsDown, Booking(client, practitioner, location, At(Date, "10:00")), "clients");
    }

    [Fact]
    public async Task Credentials_hanging_is_a_503_within_the_deadline_for_bookings_and_technique_searches()
    {
        var (location, practitioner, client) = await BookableAsync(world.CredentialsHung);

        await UnavailableAsync(world.CredentialsHung, Booking(client, practitioner, location, At(Date, "10:00")), "credentials");

        using var search = await world.CredentialsHung.CreateApiClient().GetAsync(
            $"/api/availability?locationId={location}&from={Iso(Date)}&to={Iso(Date)}&durationMinutes=60&technique=swedish");
        Assert.Equal("dependency_unavailable", (await search.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable)).Code);
    }

    [Fact]
    public async Task Referrals_down_is_a_503_for_a_booking_with_a_referral_and_nothing_is_booked_or_held()
    {
        var (location, practitioner, client) = await BookableAsync(world.ReferralsDown);
        var referral = await _world.ActiveReferralAsync(client);
        var body = Booking(client, practitioner, location, At(Date, "10:00"));
        body["referralId"] = referral;

        await UnavailableAsync(world.ReferralsDown, body, "referrals");

        Assert.Equal((0, 0), await _world.VisitsAsync(referral));
        Assert.Equal(0L, await _world.HoldCountAsync(referral));

        // Without a referral, Referrals is not asked: the booking goes through.
        body.Remove("referralId");
        await world.ReferralsDown.CreateApiClient().BookAsync(body);
    }
}
