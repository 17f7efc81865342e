using static Events.Tests.TestApps;

namespace Events.Tests;

public sealed class ConcurrentPublishTests
{
    [Fact]
    public async Task A_thousand_events_published_concurrently_all_arrive_and_each_is_applied_once_in_commit_order()
    {
        await using var world = await EventsWorld.CreateAsync();
        var (publisherDb, consumerDb, publisher, _) = await world.StartPairAsync();

        // 100 counters, 10 increments each, all 1,000 requests at once; half through EF Core, half through Npgsql.
        var counters = Enumerable.Range(0, 100).Select(_ => Guid.CreateVersion7()).ToArray();
        var requests = counters.SelectMany((c, i) => Enumerable.Range(0, 10).Select(_ => (Counter: c, Via: i % 2 == 0 ? "ef" : "sql")))
            .OrderBy(_ => Random.Shared.Next())
            .Select(r => publisher.IncrementAsync(r.Counter, r.Via));
        var published = await Task.WhenAll(requests);

        // The outbox numbered each counter's events 1..10 (unique per counter) in the order the increments committed.
        Assert.Equal(1000, published.Select(p => p.EventId).Distinct().Count());
        Assert.Equal(100, await publisherDb.ScalarAsync<long>(
            "SELECT count(DISTINCT aggregate_id) FROM outbox_events WHERE sequence BETWEEN 1 AND 10"));
        Assert.Equal(1000, await publisherDb.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE sequence BETWEEN 1 AND 10"));

        await world.EventuallyAsync("all 1,000 events are delivered", async () => await publisherDb.PendingAsync("consumer") == 0, TimeSpan.FromSeconds(120));
        await consumerDb.AssertAppliedExactlyOnceInOrderAsync(published);
    }
}

public sealed class SlowConsumerTests
{
    [Fact]
    public async Task A_slow_consumer_answers_before_the_deadline_and_the_rest_of_the_batch_follows_without_counting_failures()
    {
        await using var world = await EventsWorld.CreateAsync();
        // 10 events of 1 s each would need 10 s; a call has 5 s, of which the consumer keeps 2 s to answer.
        var (publisherDb, consumerDb, publisher, consumer) = await world.StartPairAsync(
            new Dictionary<string, string> { ["Events:DeliveryTimeout"] = "00:00:05" },
            new Dictionary<string, string> { ["Consumer:HandlerDelay"] = "00:00:01" });
        // Warm up first: a cold consumer on a busy machine may miss the first deadline, which is a legitimate retry.
        var warmUp = await publisher.IncrementAsync(Guid.CreateVersion7());
        await world.EventuallyAsync("the warm-up event is delivered", async () => await publisherDb.PendingAsync("consumer") == 0);
        var receivedBefore = (await consumer.StatsAsync()).ReceivedTotal;

        var published = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => publisher.IncrementAsync(Guid.CreateVersion7())));

        await world.EventuallyAsync("all 10 events are delivered", async () => await publisherDb.PendingAsync("consumer") == 0);
        await consumerDb.AssertAppliedExactlyOnceInOrderAsync([warmUp, .. published]);
        Assert.Equal(0, await publisherDb.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_deliveries WHERE event_id <> $1 AND (attempts <> 1 OR last_error IS NOT NULL)", warmUp.EventId));
        var stats = await consumer.StatsAsync();
        Assert.True(stats.ReceivedTotal - receivedBefore > 10, "Calls were cut short and the rest sent again");
        Assert.Equal(0, stats.Failed);
    }
}
