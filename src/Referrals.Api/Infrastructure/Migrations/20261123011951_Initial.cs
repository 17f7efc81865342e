using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Referrals.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbox_events",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    aggregate_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "clock_timestamp()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "physicians",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    npi = table.Column<string>(type: "character(10)", fixedLength: true, maxLength: 10, nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    credential = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    practice_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    fax = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_physicians", x => x.id);
                    table.CheckConstraint("ck_physicians_credential", "credential IN ('MD', 'DO', 'DC', 'PT', 'NP', 'PA')");
                });

            migrationBuilder.CreateTable(
                name: "progress_notes",
                columns: table => new
                {
                    note_id = table.Column<Guid>(type: "uuid", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    written_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    pain_before = table.Column<int>(type: "integer", nullable: false),
                    pain_after = table.Column<int>(type: "integer", nullable: false),
                    outcome_measures = table.Column<string>(type: "jsonb", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_progress_notes", x => x.note_id);
                    table.CheckConstraint("ck_progress_notes_pain", "pain_before BETWEEN 0 AND 10 AND pain_after BETWEEN 0 AND 10");
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    physician_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    patient_first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    patient_last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    patient_date_of_birth = table.Column<DateOnly>(type: "date", nullable: true),
                    patient_phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    diagnoses = table.Column<List<string>>(type: "text[]", nullable: false),
                    cpt_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    body_regions = table.Column<List<string>>(type: "text[]", nullable: false),
                    frequency_per_week = table.Column<int>(type: "integer", nullable: false),
                    duration_weeks = table.Column<int>(type: "integer", nullable: false),
                    authorized_visits = table.Column<int>(type: "integer", nullable: false),
                    session_minutes = table.Column<int>(type: "integer", nullable: false),
                    precautions = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: false),
                    attested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    attested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accepted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    visits_used = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    visits_held = table.Column<int>(type: "integer", nullable: false, defaultValue: 0)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                    table.CheckConstraint("ck_referrals_client_when_accepted", "status IN ('submitted', 'rejected') OR client_id IS NOT NULL");
                    table.CheckConstraint("ck_referrals_dates", "expires_on > start_date");
                    table.CheckConstraint("ck_referrals_patient_named", "client_id IS NOT NULL OR patient_first_name IS NOT NULL");
                    table.CheckConstraint("ck_referrals_rejection_reason", "status <> 'rejected' OR status_reason IS NOT NULL");
                    table.CheckConstraint("ck_referrals_status", "status IN ('submitted', 'active', 'rejected', 'completed')");
                    table.CheckConstraint("ck_referrals_terms", "authorized_visits > 0 AND frequency_per_week BETWEEN 1 AND 7 AND duration_weeks > 0 AND session_minutes > 0");
                    table.CheckConstraint("ck_referrals_visits_within_authorized", "visits_used >= 0 AND visits_held >= 0 AND visits_used + visits_held <= authorized_visits");
                    table.ForeignKey(
                        name: "fk_referrals_physicians_physician_id",
                        column: x => x.physician_id,
                        principalTable: "physicians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "visit_holds",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    visit_date = table.Column<DateOnly>(type: "date", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    held_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    consumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_visit_holds", x => new { x.referral_id, x.appointment_id });
                    table.CheckConstraint("ck_visit_holds_lapse", "state <> 'held' OR expires_at IS NOT NULL");
                    table.CheckConstraint("ck_visit_holds_state", "state IN ('held', 'confirmed', 'consumed', 'released', 'expired')");
                    table.ForeignKey(
                        name: "fk_visit_holds_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_events_applied_at",
                table: "inbox_events",
                column: "applied_at");

            migrationBuilder.CreateIndex(
                name: "ux_physicians_npi",
                table: "physicians",
                column: "npi",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_progress_notes_referral_id_written_at",
                table: "progress_notes",
                columns: new[] { "referral_id", "written_at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_client_id",
                table: "referrals",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_physician_id",
                table: "referrals",
                column: "physician_id");

            migrationBuilder.CreateIndex(
                name: "ux_referrals_submitted_by_idempotency_key",
                table: "referrals",
                columns: new[] { "submitted_by", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_visit_holds_lapsing",
                table: "visit_holds",
                columns: new[] { "referral_id", "expires_at" },
                filter: "state = 'held'");

            migrationBuilder.Sql(VisitCountTriggers.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(VisitCountTriggers.Drop);

            migrationBuilder.DropTable(
                name: "inbox_events");

            migrationBuilder.DropTable(
                name: "progress_notes");

            migrationBuilder.DropTable(
                name: "visit_holds");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "physicians");
        }
    }
}
