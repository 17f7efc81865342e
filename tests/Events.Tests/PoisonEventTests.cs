using static Events.Tests.TestApps;

namespace Events.Tests;

public sealed class PoisonEventTests
{
    [Fact]
    public async Task A_poison_event_is_retried_with_backoff_recorded_and_blocks_only_its_own_aggregate()
    {
        await using var world = await EventsWorld.CreateAsync();
        // Retries at 200, 400, 800, 1600, 1600... ms (±20 %).
        var (publisherDb, consumerDb, publisher, consumer) = await world.StartPairAsync(new Dictionary<string, string> { ["Events:MaxBackoff"] = "00:00:01.600" });

        var poisoned = Guid.CreateVersion7();
        var first = await publisher.IncrementAsync(poisoned);
        var poison = await publisher.IncrementAsync(poisoned, poison: true);
        var blocked = await publisher.IncrementAsync(poisoned, "sql");
        var others = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToArray();
        var published = new List<Published>();
        for (var round = 0; round < 3; round++) published.AddRange(await Task.WhenAll(others.Select(c => publisher.IncrementAsync(c))));

        // Every other aggregate flows; the poisoned one stops at its poison event.
        await world.EventuallyAsync("the other aggregates are applied", async () => await consumerDb.AppliedCountAsync() == 61);
        await world.EventuallyAsync("the poison event was tried 5 times", async () => (await consumer.AttemptsAsync(poison.EventId)).Length >= 5, TimeSpan.FromSeconds(30));
        var applied = await consumerDb.AppliedAsync();
        Assert.Contains(applied, a => a.EventId == first.EventId);
        Assert.DoesNotContain(applied, a => a.EventId == poison.EventId || a.EventId == blocked.EventId);

        // Each wait is about twice the previous one (up to the cap), never a tight loop.
        var attempts = await consumer.AttemptsAsync(poison.EventId);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalMilliseconds).Take(4).ToArray();
        double[] expected = [200, 400, 800, 1600];
        for (var i = 0; i < gaps.Length; i++)
        {
            Assert.True(gaps[i] >= expected[i] * 0.8 - 20, $"Retry {i + 1} came after {gaps[i]:F0} ms; expected about {expected[i]} ms. Gaps: {string.Join(", ", gaps.Select(g => g.ToString("F0")))}");
        }

        // The failure is recorded on the delivery; the event behind it was never sent.
        var row = (await publisherDb.ListAsync(
            "SELECT attempts, last_error, delivered_at IS NULL, next_attempt_at > last_attempt_at FROM outbox_deliveries WHERE event_id = $1",
            r => (Attempts: r.GetInt32(0), Error: r.GetString(1), Pending: r.GetBoolean(2), Scheduled: r.GetBoolean(3)), poison.EventId)).Single();
        Assert.True(row.Attempts >= 5);
        Assert.StartsWith("InvalidOperationException: The test handler refuses poison events", row.Error);
        Assert.True(row.Pending && row.Scheduled);
        Assert.Equal(0, await publisherDb.ScalarAsync<int>("SELECT attempts FROM outbox_deliveries WHERE event_id = $1", blocked.EventId));
        Assert.True((await publisher.MetricsAsync()).Failures.GetValueOrDefault("consumer/rejected") >= 5);

        // Once the handler is fixed, the next retry applies it, and the event behind it follows, in order.
        using (var heal = await consumer.Http.PostAsync("/poison/heal", null)) heal.EnsureSuccessStatusCode();
        await world.EventuallyAsync("the poisoned aggregate catches up", async () => await publisherDb.PendingAsync("consumer") == 0, TimeSpan.FromSeconds(15));
        await consumerDb.AssertAppliedExactlyOnceInOrderAsync([first, poison, blocked, .. published]);
    }
}
