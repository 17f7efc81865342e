using static Events.Tests.TestApps;

namespace Events.Tests;

public sealed class ConsumerDownTests
{
    [Fact]
    public async Task A_consumer_that_is_down_receives_everything_once_it_is_back_and_does_not_hold_back_other_subscribers()
    {
        await using var world = await EventsWorld.CreateAsync();
        var publisherDb = await world.CreateDatabaseAsync("publisher");
        var referralsDb = await world.CreateDatabaseAsync("referrals");
        var auditDb = await world.CreateDatabaseAsync("audit");
        var publisher = await world.StartPublisherAsync(publisherDb, ["referrals", "audit"]);
        await world.StartConsumerAsync("audit", auditDb);
        // referrals is down: nothing listens on its port.

        var counters = Enumerable.Range(0, 10).Select(_ => Guid.CreateVersion7()).ToArray();
        var published = new List<Published>();
        for (var round = 0; round < 10; round++)
        {
            published.AddRange(await Task.WhenAll(counters.Select((c, i) => publisher.IncrementAsync(c, i % 2 == 0 ? "ef" : "sql"))));
        }

        // The subscriber that is up gets everything meanwhile.
        await world.EventuallyAsync("audit applied all 100 events", async () => await auditDb.AppliedCountAsync() == 100);

        // Delivery to referrals was tried, failed, and is recorded; every event is still pending for it.
        await world.EventuallyAsync("failed attempts to referrals are recorded", async () =>
            await publisherDb.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_deliveries WHERE subscriber = 'referrals' AND attempts > 0 AND last_error LIKE 'Subscriber unavailable:%'") > 0);
        Assert.Equal(100, await publisherDb.PendingAsync("referrals"));
        Assert.Equal(0, await publisherDb.PendingAsync("audit"));
        await world.EventuallyAsync("the pending gauge shows 100 for referrals and 0 for audit", async () =>
        {
            var metrics = await publisher.MetricsAsync();
            return metrics.Pending.GetValueOrDefault("referrals") == 100 && metrics.Pending.GetValueOrDefault("audit", -1) == 0
                && metrics.Failures.GetValueOrDefault("referrals/unavailable") > 0;
        });

        // referrals comes back: it receives everything, each event applied once, each counter in order.
        await world.StartConsumerAsync("referrals", referralsDb);
        await world.EventuallyAsync("referrals applied all 100 events", async () => await publisherDb.PendingAsync("referrals") == 0);

        await referralsDb.AssertAppliedExactlyOnceInOrderAsync(published);
        await auditDb.AssertAppliedExactlyOnceInOrderAsync(published);
        await world.EventuallyAsync("the gauge drops to 0 and 200 deliveries were timed", async () =>
        {
            var metrics = await publisher.MetricsAsync();
            return metrics.Pending.GetValueOrDefault("referrals", -1) == 0 && metrics.LatencyCount == 200;
        });
    }
}
