using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Bench.Common;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Json;
using Platform.Testing;
using Xunit;

namespace Scheduling.Bench;

/// <summary>
/// Availability search latency (one location, all locations) and booking throughput, directly against the
/// Scheduling service on real Kestrel, on the tests' shared throwaway PostgreSQL cluster.
/// Usage: <c>dotnet run -c Release --project bench/Scheduling.Bench [-- --seconds 20]</c>
/// </summary>
internal static class SchedulingBench
{
    public static async Task Main(string[] args)
    {
        var seconds = args.Length == 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(3);

        // WebApplicationFactory finds the service's content root through MvcTestingAppManifest.json in the working directory.
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        var service = new StubbedGatesService().UseRealServer();
        await service.InitializeAsync();
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var firstDay = today.AddDays(((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7 + 7); // the Monday after next
            Console.WriteLine($"Loading the chain ({Machine.Describe()})...");
            Console.WriteLine("Data: " + await ChainData.LoadAsync(service.ConnectionString, firstDay));
            var locations = await ChainData.LocationIdsAsync(service.ConnectionString);

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = service.HttpAddress };

            // A 14-day search starting on a random day of the first four weeks (so the window lies in the data).
            string Window(int i) => $"from={firstDay.AddDays(i % 28):yyyy-MM-dd}&to={firstDay.AddDays(i % 28 + 13):yyyy-MM-dd}&durationMinutes=60";
            async Task<string> Search(string query)
            {
                using var response = await http.GetAsync("/api/availability?" + query);
                var body = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.OK && body.Contains("\"items\":[{", StringComparison.Ordinal) ? LoadRunner.Ok : $"{(int)response.StatusCode}";
            }

            var meter = await CpuMeter.ForServerAsync(service.ConnectionString);
            var results = new List<LoadResult>();
            var cpu = new List<string>();
            async Task Measure(Func<Task<LoadResult>> scenario)
            {
                var before = meter.Now();
                var result = await scenario();
                var after = meter.Now();
                results.Add(result);
                // Includes the warm-up calls, which are not counted: a slight overestimate.
                cpu.Add($"| {result.Name} | {result.Load} | {(after.Self - before.Self) * 1000 / result.Calls:F2} | {(after.Postgres - before.Postgres) * 1000 / result.Calls:F2} |");
            }

            await Measure(() => LoadRunner.ClosedLoopAsync("availability, 1 location, 14 days", 1, duration,
                (i, _) => Search($"locationId={locations[i % locations.Length]}&{Window(i / locations.Length)}"), warmup));
            await Measure(() => LoadRunner.ClosedLoopAsync("availability, 1 location, 14 days", 4, duration,
                (i, _) => Search($"locationId={locations[(i * 7) % locations.Length]}&{Window(i)}"), warmup));
            await Measure(() => LoadRunner.ClosedLoopAsync("availability, all 50 locations, 14 days", 1, duration, (i, _) => Search(Window(i)), warmup));

            // Booking: 64 front desks, each booking a free hour of some practitioner (gates stubbed: no calls to other services).
            var free = await ChainData.FreeHoursAsync(service.ConnectionString, DateTimeOffset.UtcNow);
            var next = -1;
            await Measure(() => LoadRunner.ClosedLoopAsync("booking, gates stubbed", 64, duration, async (_, _) =>
            {
                var (practitioner, location, start) = free[Interlocked.Increment(ref next) % free.Count];
                using var response = await http.PostAsJsonAsync("/api/appointments", new
                {
                    clientId = Guid.NewGuid(), practitionerId = practitioner, locationId = location,
                    start = start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), durationMinutes = 60, service = "treatment-60",
                }, PlatformJson.Web);
                if (response.StatusCode == HttpStatusCode.Created) return LoadRunner.Ok;
                var problem = await response.Content.ReadFromJsonAsync<Problem>(PlatformJson.Web);
                return $"{(int)response.StatusCode} {problem?.Code}";
            }, warmup));

            Machine.PrintReport("Scheduling", results);
            Console.WriteLine("CPU per call, measured from /proc (service and load generator share one process):");
            Console.WriteLine();
            Console.WriteLine("| benchmark | load | service + client CPU ms/call | PostgreSQL CPU ms/call |");
            Console.WriteLine("|---|---|---:|---:|");
            cpu.ForEach(Console.WriteLine);
        }
        finally
        {
            await ((IAsyncLifetime)service).DisposeAsync();
        }
    }
}

/// <summary>
/// Scheduling with its booking gates stubbed (every client, practitioner and referral passes, nothing is held): the
/// booking figures are Scheduling's own path (local rules, exclusion constraints, outbox). The gated path, with the
/// real Clients, Credentials and Referrals, is not measured here yet (see README.md).
/// </summary>
internal sealed class StubbedGatesService() : ServiceFactory<Program>("schedulingdb")
{
    protected override void ConfigureService(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddScoped<Scheduling.Api.Features.Appointments.IBookingGates, PassingGates>());

    private sealed class PassingGates : Scheduling.Api.Features.Appointments.IBookingGates
    {
        public Task<IReadOnlyList<Scheduling.Api.Features.Appointments.GateRefusal>> CheckAsync(
            Scheduling.Api.Features.Appointments.BookingPlan plan, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Scheduling.Api.Features.Appointments.GateRefusal>>([]);

        public ValueTask HoldAsync(Scheduling.Api.Features.Appointments.BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ConfirmAsync(Scheduling.Api.Features.Appointments.BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(Scheduling.Api.Features.Appointments.BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
