using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Events;
using Events.TestPublisher;

#nullable disable

namespace Events.TestPublisher.Migrations
{
    /// <summary>
    /// Events no longer NOTIFY on commit: PostgreSQL serialized every such commit behind the others' WAL flush. The
    /// publisher wakes its own dispatcher after the commit instead (EventOutbox.Committed). No model change, so no
    /// designer file.
    /// </summary>
    [DbContext(typeof(PublisherDbContext))]
    [Migration("20261124010000_OutboxWakesInProcess")]
    public partial class OutboxWakesInProcess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.RemoveOutboxCommitNotification();

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.RestoreOutboxCommitNotification();
    }
}
