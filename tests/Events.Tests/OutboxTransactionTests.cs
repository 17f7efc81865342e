using System.Diagnostics;
using System.Net;
using static Events.Tests.TestApps;

namespace Events.Tests;

public sealed class OutboxTransactionTests
{
    [Fact]
    public async Task A_state_change_that_fails_writes_no_event_and_one_that_commits_is_traced_into_the_consumer()
    {
        await using var world = await EventsWorld.CreateAsync();
        var (publisherDb, consumerDb, publisher, _) = await world.StartPairAsync();

        // The database refuses the state change (label longer than 20): SaveChanges writes neither it nor its event.
        var refused = Guid.CreateVersion7();
        using (var response = await publisher.Http.PostAsync($"/counters/{refused}/increment?label={new string('x', 30)}", null))
        {
            Assert.Equal((HttpStatusCode)422, response.StatusCode);
        }

        Assert.Equal(0, await publisherDb.ScalarAsync<long>("SELECT count(*) FROM counters WHERE id = $1", refused));
        Assert.Equal(0, await publisherDb.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE aggregate_id = $1", refused.ToString()));
        Assert.Equal(0, await publisherDb.ScalarAsync<long>("SELECT count(*) FROM outbox_aggregates WHERE aggregate_id = $1", refused.ToString()));

        // A committed change carries the caller's trace into the consumer's handler.
        var traceId = ActivityTraceId.CreateRandom();
        var counter = Guid.CreateVersion7();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/counters/{counter}/increment");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using (var response = await publisher.Http.SendAsync(request)) response.EnsureSuccessStatusCode();

        await world.EventuallyAsync("the event is applied", async () => await consumerDb.AppliedCountAsync() == 1);
        var applied = Assert.Single(await consumerDb.AppliedAsync());
        Assert.Equal(counter, applied.CounterId);
        Assert.Equal(traceId.ToString(), applied.TraceId);
        Assert.StartsWith($"00-{traceId}-", await publisherDb.ScalarAsync<string>("SELECT trace_parent FROM outbox_events"));
    }

    [Fact]
    public async Task Retention_prunes_delivered_events_and_old_inbox_records_but_never_a_pending_event()
    {
        await using var world = await EventsWorld.CreateAsync();
        var retention = new Dictionary<string, string>
        {
            ["Events:Retention"] = "00:00:01",
            ["Events:InboxRetention"] = "00:00:02",
            ["Events:RetentionInterval"] = "00:00:00.300",
        };
        var (publisherDb, consumerDb, publisher, consumer) = await world.StartPairAsync(retention, retention);
        var counter = Guid.CreateVersion7();
        for (var i = 0; i < 3; i++) await publisher.IncrementAsync(counter);
        await world.EventuallyAsync("the events are delivered", async () => await publisherDb.PendingAsync("consumer") == 0);

        await world.EventuallyAsync("delivered events are pruned", async () => await publisherDb.ScalarAsync<long>("SELECT count(*) FROM outbox_events") == 0);
        Assert.Equal(0, await publisherDb.ScalarAsync<long>("SELECT count(*) FROM outbox_deliveries"));
        await world.EventuallyAsync("old inbox records are pruned", async () => await consumerDb.ScalarAsync<long>("SELECT count(*) FROM inbox_events") == 0);
        Assert.Equal(3, await consumerDb.AppliedCountAsync());

        // With the consumer down, new events stay however old they get; the aggregate keeps counting after the pruning.
        await consumer.KillAsync();
        var pending = await publisher.IncrementAsync(counter);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(4, await publisherDb.ScalarAsync<long>("SELECT sequence FROM outbox_events WHERE id = $1", pending.EventId));
        Assert.Equal(1, await publisherDb.PendingAsync("consumer"));
    }

    [Fact]
    public async Task A_publisher_whose_migration_lacks_the_outbox_triggers_refuses_to_start_and_says_how_to_fix_it()
    {
        await using var world = await EventsWorld.CreateAsync();
        var publisherDb = await world.CreateDatabaseAsync("publisher");
        var migrated = await world.StartPublisherAsync(publisherDb, ["consumer"]);
        await migrated.KillAsync();
        await publisherDb.ExecuteAsync("DROP TRIGGER outbox_events_sequence ON outbox_events");

        // Written without the trigger, an event would have no order: the database refuses it.
        var insert = () => publisherDb.ExecuteAsync(
            $"INSERT INTO outbox_events (id, event_type, aggregate_id, occurred_at, source, payload, subscribers) VALUES ('{Guid.CreateVersion7()}', 't', 'a', now(), 's', '', '{{}}')");
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(insert);
        Assert.Equal("ck_outbox_events_sequence_assigned", refused.ConstraintName);

        var publisher = world.StartPublisher(publisherDb, ["consumer"]);
        Assert.NotEqual(0, await publisher.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("migrationBuilder.AddOutboxTriggers()", publisher.Output);
    }
}
