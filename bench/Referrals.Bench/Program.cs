using System.Globalization;
using Bench.Common;
using Grpc.Core;
using Grpc.Net.Client;
using Platform.Testing;
using Referrals.Api.Domain;
using Referrals.Grpc;
using Scheduling.Bench;
using Xunit;

namespace Referrals.Bench;

/// <summary>
/// Visit holds per second and their latency over real gRPC (HTTP/2 on loopback) to the Referrals service on
/// real Kestrel, on the tests' throwaway PostgreSQL cluster: one hot referral that every caller holds on, and
/// many referrals picked at random. Usage:
/// <c>dotnet run -c Release --project bench/Referrals.Bench [-- --seconds 10 --referrals 10000]</c>
/// </summary>
internal static class ReferralsBench
{
    public static async Task Main(string[] args)
    {
        var seconds = Arg(args, "--seconds", 10);
        var count = Arg(args, "--referrals", 10_000);
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(3);

        // WebApplicationFactory finds the service's content root through MvcTestingAppManifest.json in the working directory.
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        // Test users on: the bench calls gRPC as a platform service (test headers), as Scheduling does with its token.
        var service = new ServiceFactory<Program>("referralsdb").UseRealServer().WithTestUsers()
            // Holds never call Clients; the address only satisfies the client's registration.
            .WithSetting("services:clients:grpc:0", "http://127.0.0.1:9");
        await service.InitializeAsync();
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            Console.WriteLine($"Referrals at {service.GrpcAddress} (gRPC), database {service.DatabaseName}; {Machine.Describe()}");
            Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
            var referrals = await ReferralData.LoadAsync(service.ConnectionString, count, today);
            var hot = referrals[0];
            var many = referrals.Skip(1).ToArray();
            Console.WriteLine($"Loaded {many.Length:N0} active referrals ({ReferralData.ManyAuthorized} visits each) and one hot referral ({ReferralData.HotAuthorized:N0} visits).");

            using var channel = service.CreateGrpcChannel();
            var visits = new VisitAuthorizations.VisitAuthorizationsClient(channel);
            var visitDate = IsoDate.Of(today.AddDays(7));

            async Task<string> Hold(ReferralData.ActiveReferral referral, Guid appointmentId) => await Call(async () =>
                await visits.HoldVisitAsync(new HoldVisitRequest
                {
                    ReferralId = referral.Id.ToString(), ClientId = referral.ClientId.ToString(), AppointmentId = appointmentId.ToString(), VisitDate = visitDate,
                }));

            ReferralData.ActiveReferral AnyOf(int i) => many[(int)((uint)HashCode.Combine(i, 17) % (uint)many.Length)];

            var meter = await CpuMeter.ForServerAsync(service.ConnectionString);
            var results = new List<LoadResult>();
            var cpu = new List<string>();
            async Task Measure(string name, int concurrency, Func<int, Task<string>> operation)
            {
                var before = meter.Now();
                var result = await LoadRunner.ClosedLoopAsync(name, concurrency, duration, (i, _) => operation(i), warmup);
                var after = meter.Now();
                Console.WriteLine(result);
                results.Add(result);
                // Includes the warm-up calls, which are not counted in Calls: a slight overestimate.
                cpu.Add($"| {result.Name} | {result.Load} | {(after.Self - before.Self) * 1000 / result.Calls:F2} | {(after.Postgres - before.Postgres) * 1000 / result.Calls:F2} |");
            }

            foreach (var concurrency in new[] { 1, 8, 32 })
            {
                await Measure("HoldVisit, one hot referral", concurrency, _ => Hold(hot, Guid.CreateVersion7()));
            }

            foreach (var concurrency in new[] { 1, 8, 32 })
            {
                await Measure($"HoldVisit, {many.Length:N0} referrals", concurrency, i => Hold(AnyOf(i), Guid.CreateVersion7()));
            }

            // The booking saga's two calls into Referrals (the appointment insert in between is Scheduling's).
            await Measure($"HoldVisit + ConfirmHold, {many.Length:N0} referrals", 32, async i =>
            {
                var referral = AnyOf(i);
                var appointmentId = Guid.CreateVersion7();
                var held = await Hold(referral, appointmentId);
                return held != LoadRunner.Ok ? held : await Call(async () =>
                    await visits.ConfirmHoldAsync(new HoldRef { ReferralId = referral.Id.ToString(), AppointmentId = appointmentId.ToString() }));
            });

            await Measure($"GetAuthorization, {many.Length:N0} referrals", 32, i => Call(async () =>
                await visits.GetAuthorizationAsync(new GetAuthorizationRequest { ReferralId = AnyOf(i).Id.ToString() })));

            Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine("After the runs: " + await ReferralData.SummaryAsync(service.ConnectionString, hot.Id));
            Machine.PrintReport("Referrals visit holds over gRPC", results);
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

    /// <summary>"ok", or the gRPC status and the problem code a refusal carries.</summary>
    private static async Task<string> Call(Func<Task> call)
    {
        try
        {
            await call();
            return LoadRunner.Ok;
        }
        catch (RpcException ex)
        {
            return $"{ex.StatusCode} {ex.Trailers.GetValue("problem-code")}".Trim();
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
