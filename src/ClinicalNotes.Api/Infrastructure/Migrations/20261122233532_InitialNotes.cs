using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicalNotes.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class InitialNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "note_chains",
                columns: table => new
                {
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    head_note_id = table.Column<Guid>(type: "uuid", nullable: true),
                    head_hash = table.Column<string>(type: "text", nullable: true),
                    length = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_note_chains", x => x.client_id);
                    table.CheckConstraint("ck_note_chains_length", "length >= 0");
                });

            migrationBuilder.CreateTable(
                name: "notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "text", nullable: false),
                    author_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    chief_complaint = table.Column<string>(type: "text", nullable: true),
                    pain_before = table.Column<int>(type: "integer", nullable: true),
                    posture = table.Column<string>(type: "text", nullable: true),
                    range_of_motion = table.Column<string>(type: "jsonb", nullable: false),
                    palpation = table.Column<string>(type: "text", nullable: true),
                    assessment = table.Column<string>(type: "text", nullable: true),
                    techniques = table.Column<string[]>(type: "text[]", nullable: false),
                    body_regions = table.Column<string[]>(type: "text[]", nullable: false),
                    home_care = table.Column<string>(type: "text", nullable: true),
                    pain_after = table.Column<int>(type: "integer", nullable: true),
                    outcome_measures = table.Column<string>(type: "jsonb", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    signed_by = table.Column<string>(type: "text", nullable: true),
                    chain_sequence = table.Column<int>(type: "integer", nullable: true),
                    previous_hash = table.Column<string>(type: "text", nullable: true),
                    hash = table.Column<string>(type: "text", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notes", x => x.id);
                    table.CheckConstraint("ck_notes_kind", "kind IN ('initial-assessment', 'treatment')");
                    table.CheckConstraint("ck_notes_pain_after", "pain_after BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_notes_pain_before", "pain_before BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_notes_signature_complete", "(signed_at IS NULL AND signed_by IS NULL AND chain_sequence IS NULL AND previous_hash IS NULL AND hash IS NULL) OR (signed_at IS NOT NULL AND signed_by IS NOT NULL AND chain_sequence >= 1 AND hash IS NOT NULL AND (previous_hash IS NULL) = (chain_sequence = 1))");
                });

            migrationBuilder.CreateTable(
                name: "note_access_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    note_id = table.Column<Guid>(type: "uuid", nullable: false),
                    accessed_by = table.Column<string>(type: "text", nullable: false),
                    accessed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_note_access_log", x => x.id);
                    table.CheckConstraint("ck_note_access_log_purpose", "purpose IN ('treatment', 'payment', 'operations', 'audit')");
                    table.ForeignKey(
                        name: "fk_note_access_log_notes_note_id",
                        column: x => x.note_id,
                        principalTable: "notes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "note_addenda",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    note_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    author_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_note_addenda", x => x.id);
                    table.ForeignKey(
                        name: "fk_note_addenda_notes_note_id",
                        column: x => x.note_id,
                        principalTable: "notes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_note_access_log_note_id_accessed_at_id",
                table: "note_access_log",
                columns: new[] { "note_id", "accessed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_note_addenda_note_id_created_at",
                table: "note_addenda",
                columns: new[] { "note_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notes_client_id_chain_sequence",
                table: "notes",
                columns: new[] { "client_id", "chain_sequence" },
                unique: true,
                filter: "chain_sequence IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notes_client_id_created_at_id",
                table: "notes",
                columns: new[] { "client_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_notes_referral_id_created_at_id",
                table: "notes",
                columns: new[] { "referral_id", "created_at", "id" },
                filter: "referral_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_notes_appointment_id",
                table: "notes",
                column: "appointment_id",
                unique: true);

            migrationBuilder.Sql(NotesTriggers.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(NotesTriggers.Drop);

            migrationBuilder.DropTable(
                name: "note_access_log");

            migrationBuilder.DropTable(
                name: "note_addenda");

            migrationBuilder.DropTable(
                name: "note_chains");

            migrationBuilder.DropTable(
                name: "notes");
        }
    }
}
