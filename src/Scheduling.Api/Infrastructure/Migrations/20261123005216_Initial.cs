using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Scheduling.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gist", ",,");

            migrationBuilder.CreateTable(
                name: "locations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    jurisdiction = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    address_line1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address_line2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    address_city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    address_postal_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_locations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "location_opening_hours",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    day_of_week = table.Column<int>(type: "integer", nullable: false),
                    opens = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    closes = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_location_opening_hours", x => x.id);
                    table.ForeignKey(
                        name: "fk_location_opening_hours_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rooms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rooms", x => x.id);
                    table.UniqueConstraint("ak_rooms_id_location_id", x => new { x.id, x.location_id });
                    table.ForeignKey(
                        name: "fk_rooms_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "shifts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    pattern_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shifts", x => x.id);
                    table.ForeignKey(
                        name: "fk_shifts_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: false),
                    room_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    service = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: true),
                    technique = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cancellation_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    series_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                    table.ForeignKey(
                        name: "fk_appointments_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_appointments_rooms_room_id_location_id",
                        columns: x => new { x.room_id, x.location_id },
                        principalTable: "rooms",
                        principalColumns: new[] { "id", "location_id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_client_id_starts_at",
                table: "appointments",
                columns: new[] { "client_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_location_id_starts_at",
                table: "appointments",
                columns: new[] { "location_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_practitioner_id_starts_at",
                table: "appointments",
                columns: new[] { "practitioner_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_room_id_location_id",
                table: "appointments",
                columns: new[] { "room_id", "location_id" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_series_id",
                table: "appointments",
                column: "series_id");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_starts_at",
                table: "appointments",
                column: "starts_at");

            migrationBuilder.CreateIndex(
                name: "ix_location_opening_hours_location_id",
                table: "location_opening_hours",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_rooms_location_id",
                table: "rooms",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_shifts_location_id_starts_at",
                table: "shifts",
                columns: new[] { "location_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_shifts_starts_at",
                table: "shifts",
                column: "starts_at");

            // What EF Core cannot express. The database is the judge of every rule below: a request that
            // races past the service's own checks is still refused here.
            migrationBuilder.Sql("""
                CREATE UNIQUE INDEX ux_rooms_location_id_lower_name ON rooms (location_id, lower(name));

                ALTER TABLE location_opening_hours ADD CONSTRAINT ck_location_opening_hours_interval
                    CHECK (opens < closes AND day_of_week BETWEEN 0 AND 6);

                ALTER TABLE shifts ADD CONSTRAINT ck_shifts_period
                    CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '24 hours');
                -- One practitioner never works two overlapping shifts, at any location.
                ALTER TABLE shifts ADD CONSTRAINT shifts_practitioner_no_overlap
                    EXCLUDE USING gist (practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&);

                ALTER TABLE appointments ADD CONSTRAINT ck_appointments_period
                    CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '4 hours');
                ALTER TABLE appointments ADD CONSTRAINT ck_appointments_status
                    CHECK (status IN ('booked', 'checked-in', 'completed', 'cancelled', 'no-show'));
                ALTER TABLE appointments ADD CONSTRAINT ck_appointments_service
                    CHECK (service IN ('initial-assessment', 'treatment-30', 'treatment-60', 'treatment-90'));
                ALTER TABLE appointments ADD CONSTRAINT ck_appointments_technique
                    CHECK (technique IS NULL OR technique IN ('swedish', 'deep-tissue', 'trigger-point', 'myofascial-release',
                                                               'neuromuscular', 'lymphatic-drainage', 'prenatal', 'sports'));
                ALTER TABLE appointments ADD CONSTRAINT ck_appointments_cancellation_reason
                    CHECK ((status = 'cancelled') = (cancellation_reason IS NOT NULL));

                -- No double booking: a practitioner, a room and a client are each in at most one
                -- non-cancelled appointment at any instant. Half-open ranges, so back-to-back is fine.
                ALTER TABLE appointments ADD CONSTRAINT appointments_practitioner_no_overlap
                    EXCLUDE USING gist (practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
                    WHERE (status <> 'cancelled');
                ALTER TABLE appointments ADD CONSTRAINT appointments_room_no_overlap
                    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
                    WHERE (status <> 'cancelled');
                ALTER TABLE appointments ADD CONSTRAINT appointments_client_no_overlap
                    EXCLUDE USING gist (client_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
                    WHERE (status <> 'cancelled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "location_opening_hours");

            migrationBuilder.DropTable(
                name: "shifts");

            migrationBuilder.DropTable(
                name: "rooms");

            migrationBuilder.DropTable(
                name: "locations");
        }
    }
}
