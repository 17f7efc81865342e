using static Events.Tests.TestApps;

namespace Events.Tests;

public sealed class CommitWakeTests
{
    /// <summary>
    /// Polling once a minute here, so only the wake after the commit can deliver within the test. The events' commits no
    /// longer NOTIFY: PostgreSQL serialized every commit that notified behind the others' WAL flush, and under load each
    /// cancellation queued behind all the others.
    /// </summary>
    [Fact]
    public async Task A_commit_wakes_the_dispatcher_through_EF_Core_and_through_Npgsql_and_no_commit_notifies()
    {
        await using var world = await EventsWorld.CreateAsync();
        var (publisherDb, consumerDb, publisher, _) = await world.StartPairAsync(
            new Dictionary<string, string> { ["Events:PollInterval"] = "00:01:00" });

        // The first poll runs at start; after it the loop waits for a wake or the next minute.
        await Task.Delay(TimeSpan.FromSeconds(1));
        foreach (var via in new[] { "ef", "sql", "ef", "sql" })
        {
            var published = await publisher.IncrementAsync(Guid.CreateVersion7(), via);
            await world.EventuallyAsync($"the event written through {via} is applied within 20 s (a poll would take a minute)",
                async () => await consumerDb.ScalarAsync<long>("SELECT count(*) FROM inbox_events WHERE event_id = $1", published.EventId) == 1,
                TimeSpan.FromSeconds(20));
        }

        Assert.Equal(0, await publisherDb.ScalarAsync<long>("""
            SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE t.tgrelid = 'outbox_events'::regclass AND p.prosrc LIKE '%pg_notify%'
            """));
        Assert.Equal(2, await publisherDb.ScalarAsync<long>(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'outbox_events'::regclass AND NOT tgisinternal"));
    }
}
