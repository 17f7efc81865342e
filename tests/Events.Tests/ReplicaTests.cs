using static Events.Tests.TestApps;

namespace Events.Tests;

public sealed class ReplicaTests
{
    [Fact]
    public async Task Two_dispatcher_replicas_on_one_outbox_never_send_an_event_twice_and_keep_each_aggregates_order()
    {
        await using var world = await EventsWorld.CreateAsync();
        var publisherDb = await world.CreateDatabaseAsync("publisher");
        var consumerDb = await world.CreateDatabaseAsync("consumer");
        // A little handling time widens the window in which both replicas compete for the same rows.
        var consumer = await world.StartConsumerAsync("consumer", consumerDb, new Dictionary<string, string> { ["Consumer:HandlerDelay"] = "00:00:00.002" });
        // A generous deadline: on this shared machine a cold first call can take seconds, and a timed-out call is redelivered.
        var small = new Dictionary<string, string> { ["Events:BatchSize"] = "10", ["Events:DeliveryTimeout"] = "00:00:30" };
        var first = world.StartPublisher(publisherDb, ["consumer"], small, "publisher-1");
        await first.WaitHealthyAsync();
        var second = await world.StartPublisherAsync(publisherDb, ["consumer"], small, "publisher-2");

        // 30 counters, 20 increments each, published through both replicas at once.
        var counters = Enumerable.Range(0, 30).Select(_ => Guid.CreateVersion7()).ToArray();
        var published = new List<Published>();
        for (var round = 0; round < 20; round++)
        {
            published.AddRange(await Task.WhenAll(counters.Select((c, i) => (i % 2 == 0 ? first : second).IncrementAsync(c, round % 2 == 0 ? "ef" : "sql"))));
        }

        await world.EventuallyAsync("all 600 events are delivered", async () => await publisherDb.PendingAsync("consumer") == 0, TimeSpan.FromSeconds(120));

        var stats = await consumer.StatsAsync();
        Assert.Equal(0, stats.ConcurrentDuplicates);
        // An event is sent again only after an attempt of it failed and was recorded (a timeout, say); never otherwise.
        var retried = await publisherDb.ListAsync("SELECT event_id FROM outbox_deliveries WHERE attempts > 1 AND last_error IS NOT NULL", r => r.GetGuid(0));
        Assert.Equal(600, stats.ReceivedDistinct);
        Assert.True(stats.ReceivedTotal - 600 <= retried.Count,
            $"{stats.ReceivedTotal - 600} redeliveries but only {retried.Count} recorded failures.{Environment.NewLine}{world.Logs()}");
        Assert.Equal(2, stats.ByDispatcher.Count);
        Assert.All(stats.ByDispatcher.Values, sent => Assert.True(sent > 0));
        await consumerDb.AssertAppliedExactlyOnceInOrderAsync(published);
    }
}
