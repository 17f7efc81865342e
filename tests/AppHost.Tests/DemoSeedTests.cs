using System.Net;
using System.Text.Json;
using Platform.DemoChain;

namespace AppHost.Tests;

/// <summary>
/// <c>--seed demo</c>: every service loads its part of one demo chain (the same seeding date, kept in the data
/// folder), the chain is consistent across services, and a second run adds nothing.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class DemoSeedTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "apphost-demo-" + Guid.NewGuid().ToString("N")[..8]);

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Seed_demo_loads_one_consistent_chain_into_every_service_once()
    {
        var gatewayPort = PostgresCluster.FreePort();
        string[] arguments = ["--postgres-port", PostgresCluster.FreePort().ToString(), "--seed", "demo"];
        DemoChain chain;
        await using (var apphost = AppHostProcess.Start(_dataDirectory, gatewayPort, arguments))
        {
            await apphost.WaitUntilReadyAsync(TimeSpan.FromMinutes(4));
            var date = DateOnly.ParseExact(File.ReadAllText(Path.Combine(_dataDirectory, "demo-seed-date")).Trim(), "yyyy-MM-dd");
            Assert.InRange(date.DayNumber, DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - 1, DateOnly.FromDateTime(DateTime.UtcNow).DayNumber);
            chain = DemoChain.For(date);
            using var gateway = new HttpClient { BaseAddress = apphost.GatewayAddress, Timeout = TimeSpan.FromSeconds(20) };
            gateway.DefaultRequestHeaders.Authorization = new("Bearer", await apphost.TokenAsync(gateway, "demo-admin"));

            var location = await GetJsonAsync(gateway, $"/api/locations/{DemoIdentities.FirstLocationId}");
            Assert.Equal("Midtown Manhattan", location.GetProperty("name").GetString());
            var eligibility = await GetJsonAsync(gateway,
                $"/api/practitioners/{DemoIdentities.TherapistPractitionerId}/eligibility?jurisdiction=US-NY&technique=lymphatic-drainage");
            Assert.True(eligibility.GetProperty("eligible").GetBoolean());
            var client = chain.Clients.First(c => chain.Notes.Any(n => n.ClientId == c.Id && n.ReferralId is not null));
            Assert.Equal(client.LastName, (await GetJsonAsync(gateway, $"/api/clients/{client.Id}")).GetProperty("lastName").GetString());
            // Chain verification is HQ's (or a manager's) work: hashes only, never a note body.
            using (var hq = new HttpClient { BaseAddress = apphost.GatewayAddress, Timeout = TimeSpan.FromSeconds(20) })
            {
                hq.DefaultRequestHeaders.Authorization = new("Bearer", await apphost.TokenAsync(hq, "demo-hq-auditor"));
                Assert.True((await GetJsonAsync(hq, $"/api/notes/chain-verification?clientId={client.Id}")).GetProperty("intact").GetBoolean());
            }

            // The signed notes reach the referral's progress report through ClinicalNotes' NoteSigned events.
            var referral = chain.Notes.First(n => n.ClientId == client.Id && n.ReferralId is not null).ReferralId!.Value;
            var expected = chain.Notes.Count(n => n.ReferralId == referral);
            var signed = 0;
            for (var attempt = 0; attempt < 120 && signed < expected; attempt++)
            {
                if (attempt > 0) await Task.Delay(TimeSpan.FromSeconds(1));
                signed = (await GetJsonAsync(gateway, $"/api/referrals/{referral}/progress-report")).GetProperty("notesSigned").GetInt32();
            }

            Assert.Equal(expected, signed);
            apphost.SendSignal(15);
            Assert.Equal(0, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using (var again = AppHostProcess.Start(_dataDirectory, gatewayPort, arguments))
        {
            await again.WaitUntilReadyAsync(TimeSpan.FromMinutes(4));
            using var gateway = new HttpClient { BaseAddress = again.GatewayAddress, Timeout = TimeSpan.FromSeconds(20) };
            gateway.DefaultRequestHeaders.Authorization = new("Bearer", await again.TokenAsync(gateway, "demo-admin"));

            var locations = await GetJsonAsync(gateway, "/api/locations?limit=100");
            Assert.Equal(12, locations.GetProperty("items").GetArrayLength());
            again.SendSignal(15);
            Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
