using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credentials.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "practitioners",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    npi = table.Column<string>(type: "character(10)", fixedLength: true, maxLength: 10, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_practitioners", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "certifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certifications", x => x.id);
                    table.CheckConstraint("ck_certifications_code", "code IN ('NCBTMB', 'MLD', 'PRENATAL')");
                    table.CheckConstraint("ck_certifications_expiry_after_issue", "expires_on IS NULL OR expires_on > issued_on");
                    table.ForeignKey(
                        name: "fk_certifications_practitioners_practitioner_id",
                        column: x => x.practitioner_id,
                        principalTable: "practitioners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "licenses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    jurisdiction = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    license_type = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    license_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    issuing_board = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    verification = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    verification_checked_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licenses", x => x.id);
                    table.CheckConstraint("ck_licenses_expiry_after_issue", "expires_on > issued_on");
                    table.CheckConstraint("ck_licenses_jurisdiction", "jurisdiction ~ '^(US|CA)-[A-Z]{2}$'");
                    table.CheckConstraint("ck_licenses_status", "status IN ('active', 'suspended', 'revoked')");
                    table.CheckConstraint("ck_licenses_verification", "verification IN ('unverified', 'verified', 'discrepancy')");
                    table.ForeignKey(
                        name: "fk_licenses_practitioners_practitioner_id",
                        column: x => x.practitioner_id,
                        principalTable: "practitioners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "license_verifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    license_id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    verified_on = table.Column<DateOnly>(type: "date", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    verifier = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_license_verifications", x => x.id);
                    table.CheckConstraint("ck_license_verifications_outcome", "outcome IN ('verified', 'discrepancy')");
                    table.ForeignKey(
                        name: "fk_license_verifications_licenses_license_id",
                        column: x => x.license_id,
                        principalTable: "licenses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_license_verifications_practitioners_practitioner_id",
                        column: x => x.practitioner_id,
                        principalTable: "practitioners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_occurred_at",
                table: "audit_records",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_practitioner_id_id",
                table: "audit_records",
                columns: new[] { "practitioner_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_certifications_code_issued",
                table: "certifications",
                columns: new[] { "practitioner_id", "code", "issued_on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_license_verifications_license_id_verified_on",
                table: "license_verifications",
                columns: new[] { "license_id", "verified_on" });

            migrationBuilder.CreateIndex(
                name: "ix_license_verifications_practitioner_id",
                table: "license_verifications",
                column: "practitioner_id");

            migrationBuilder.CreateIndex(
                name: "ix_licenses_expires_on_id",
                table: "licenses",
                columns: new[] { "expires_on", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_licenses_jurisdiction_expires_on",
                table: "licenses",
                columns: new[] { "jurisdiction", "expires_on" });

            migrationBuilder.CreateIndex(
                name: "ix_licenses_practitioner_id_jurisdiction",
                table: "licenses",
                columns: new[] { "practitioner_id", "jurisdiction" });

            migrationBuilder.CreateIndex(
                name: "ux_licenses_number",
                table: "licenses",
                columns: new[] { "jurisdiction", "license_type", "license_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_practitioners_last_name_first_name_id",
                table: "practitioners",
                columns: new[] { "last_name", "first_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_practitioners_npi",
                table: "practitioners",
                column: "npi",
                unique: true);

            // The audit trail is append-only, and the database itself says so: UPDATE, DELETE and TRUNCATE are
            // refused for everyone, the service included, whatever the statement matches.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_records_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'Audit records are never changed or removed; record a new change instead.';
                END;
                $$;

                CREATE TRIGGER audit_records_no_update_or_delete
                    BEFORE UPDATE OR DELETE ON audit_records
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_records_are_append_only();

                CREATE TRIGGER audit_records_no_truncate
                    BEFORE TRUNCATE ON audit_records
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_records_are_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.Sql("DROP FUNCTION audit_records_are_append_only();");

            migrationBuilder.DropTable(
                name: "certifications");

            migrationBuilder.DropTable(
                name: "license_verifications");

            migrationBuilder.DropTable(
                name: "licenses");

            migrationBuilder.DropTable(
                name: "practitioners");
        }
    }
}
