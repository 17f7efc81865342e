using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Events;

/// <summary>
/// What EF Core cannot express in a model: the triggers that number an aggregate's events and create one
/// delivery per subscriber. Call <see cref="AddOutboxTriggers"/> at the end of <c>Up</c> of the migration that
/// creates the outbox tables (and <see cref="DropOutboxTriggers"/> first in <c>Down</c>).
/// </summary>
public static class OutboxMigrations
{
    /// <summary>The channel the first outbox migrations notified on every commit (see <see cref="RemoveOutboxCommitNotification"/>).</summary>
    public const string NotificationChannel = "platform_events_outbox";

    /// <summary>The trigger the dispatcher checks for at startup.</summary>
    public const string SequenceTrigger = "outbox_events_sequence";

    public static MigrationBuilder AddOutboxTriggers(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(InstallSql);
        return migrationBuilder;
    }

    public static MigrationBuilder DropOutboxTriggers(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(UninstallSql);
        return migrationBuilder;
    }

    /// <summary>
    /// Drops the trigger that sent <c>NOTIFY</c> from every transaction writing an event. PostgreSQL serializes
    /// the commits of all transactions that notify in a database (one lock, held through the commit's WAL flush), so
    /// under load every cancellation and completion queued behind the others' disk flushes; the publisher now wakes
    /// its own dispatcher after the commit (<see cref="EventOutbox.Committed"/>). Add it to a migration of every
    /// database created with the first <see cref="AddOutboxTriggers"/>.
    /// </summary>
    public static MigrationBuilder RemoveOutboxCommitNotification(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(RemoveNotifySql);
        return migrationBuilder;
    }

    /// <summary>The <c>Down</c> of <see cref="RemoveOutboxCommitNotification"/>.</summary>
    public static MigrationBuilder RestoreOutboxCommitNotification(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(RestoreNotifySql);
        return migrationBuilder;
    }

    // The upsert takes the aggregate's counter row lock and keeps it until commit, so a second
    // transaction on the same aggregate waits and gets the next number only after the first commits:
    // numbers follow commit order and, once number n is visible, every number before it is too.
    internal const string InstallSql = $"""
        CREATE OR REPLACE FUNCTION platform_outbox_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO outbox_aggregates AS a (aggregate_id, last_sequence) VALUES (NEW.aggregate_id, 1)
            ON CONFLICT (aggregate_id) DO UPDATE SET last_sequence = a.last_sequence + 1
            RETURNING a.last_sequence INTO NEW.sequence;
            RETURN NEW;
        END $$;

        CREATE OR REPLACE FUNCTION platform_outbox_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO outbox_deliveries (event_id, subscriber, aggregate_id, sequence, attempts, next_attempt_at)
            SELECT NEW.id, s, NEW.aggregate_id, NEW.sequence, 0, NEW.recorded_at
            FROM (SELECT DISTINCT unnest(NEW.subscribers)) AS t(s);
            RETURN NULL;
        END $$;

        CREATE TRIGGER {SequenceTrigger} BEFORE INSERT ON outbox_events
            FOR EACH ROW EXECUTE FUNCTION platform_outbox_sequence();
        CREATE TRIGGER outbox_events_fan_out AFTER INSERT ON outbox_events
            FOR EACH ROW EXECUTE FUNCTION platform_outbox_fan_out();
        """;

    internal const string RemoveNotifySql = """
        DROP TRIGGER IF EXISTS outbox_events_notify ON outbox_events;
        DROP FUNCTION IF EXISTS platform_outbox_notify();
        """;

    internal const string RestoreNotifySql = $"""
        CREATE OR REPLACE FUNCTION platform_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{NotificationChannel}', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
            FOR EACH STATEMENT EXECUTE FUNCTION platform_outbox_notify();
        """;

    internal const string UninstallSql = $"""
        DROP TRIGGER IF EXISTS outbox_events_notify ON outbox_events;
        DROP TRIGGER IF EXISTS outbox_events_fan_out ON outbox_events;
        DROP TRIGGER IF EXISTS {SequenceTrigger} ON outbox_events;
        DROP FUNCTION IF EXISTS platform_outbox_notify();
        DROP FUNCTION IF EXISTS platform_outbox_fan_out();
        DROP FUNCTION IF EXISTS platform_outbox_sequence();
        """;
}
