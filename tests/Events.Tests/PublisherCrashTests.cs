using static Events.Tests.TestApps;

namespace Events.Tests;

public sealed class PublisherCrashTests
{
    [Fact]
    public async Task A_publisher_killed_in_the_middle_of_dispatch_redelivers_on_restart_and_each_event_is_applied_once()
    {
        await using var world = await EventsWorld.CreateAsync();
        // Slow handling and small batches, so a delivery call is in flight most of the time.
        var dispatch = new Dictionary<string, string> { ["Events:BatchSize"] = "25" };
        var (publisherDb, consumerDb, publisher, consumer) = await world.StartPairAsync(
            dispatch, new Dictionary<string, string> { ["Consumer:HandlerDelay"] = "00:00:00.020" });

        var counters = Enumerable.Range(0, 100).Select(_ => Guid.CreateVersion7()).ToArray();
        var published = new List<Published>();
        for (var round = 0; round < 3; round++)
        {
            published.AddRange(await Task.WhenAll(counters.Select((c, i) => publisher.IncrementAsync(c, i % 2 == 0 ? "ef" : "sql"))));
        }

        // Kill it while a batch is half applied: the consumer has applied events the publisher has not yet recorded as delivered.
        await world.EventuallyAsync("a batch is half applied", async () =>
        {
            var delivered = await publisherDb.ScalarAsync<long>("SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NOT NULL");
            return await consumerDb.AppliedCountAsync() > delivered + 2 && delivered > 0;
        });
        await publisher.KillAsync();

        var undelivered = await publisherDb.ListAsync("SELECT event_id FROM outbox_deliveries WHERE delivered_at IS NULL", r => r.GetGuid(0));
        Assert.NotEmpty(undelivered);
        await world.EventuallyAsync("the consumer noticed the dead call", async () => (await consumer.StatsAsync()).CallsInFlight == 0);
        var appliedButUnacknowledged = (await consumerDb.AppliedAsync()).Select(a => a.EventId).Intersect(undelivered).ToList();
        Assert.NotEmpty(appliedButUnacknowledged);

        // Restarted on the same outbox: everything is delivered, the half-applied batch again.
        await world.StartPublisherAsync(publisherDb, ["consumer"], dispatch, name: "publisher-restarted");
        await world.EventuallyAsync("every event is delivered", async () => await publisherDb.PendingAsync("consumer") == 0);

        await consumerDb.AssertAppliedExactlyOnceInOrderAsync(published);
        var stats = await consumer.StatsAsync();
        Assert.True(stats.Duplicates >= appliedButUnacknowledged.Count,
            $"The {appliedButUnacknowledged.Count} events applied before the kill were redelivered and acknowledged as duplicates ({stats.Duplicates}).");
    }
}
