using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clients.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    date_of_birth = table.Column<DateOnly>(type: "date", nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    home_location_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name_last_first = table.Column<string>(type: "character varying(201)", maxLength: 201, nullable: false, collation: "C"),
                    name_first_last = table.Column<string>(type: "character varying(201)", maxLength: 201, nullable: false, collation: "C"),
                    conditions = table.Column<List<string>>(type: "text[]", nullable: false),
                    medications = table.Column<List<string>>(type: "text[]", nullable: false),
                    contraindications = table.Column<string[]>(type: "text[]", nullable: false),
                    contraindication_added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    health_history_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    clearance_cleared_on = table.Column<DateOnly>(type: "date", nullable: true),
                    clearance_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    clearance_physician_npi = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    clearance_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    insurance_member_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    insurance_payer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => x.id);
                    table.CheckConstraint("ck_clients_clearance_npi", "clearance_physician_npi ~ '^[0-9]{10}$'");
                    table.CheckConstraint("ck_clients_clearance_whole", "(clearance_physician_npi IS NULL) = (clearance_cleared_on IS NULL) AND (clearance_physician_npi IS NULL) = (clearance_recorded_at IS NULL)");
                    table.CheckConstraint("ck_clients_contraindications", "contraindications <@ ARRAY['dvt', 'recent-fracture', 'severe-osteoporosis', 'active-cancer', 'pregnancy', 'skin-infection', 'recent-surgery']::text[]");
                    table.CheckConstraint("ck_clients_date_of_birth", "date_of_birth >= DATE '1900-01-01'");
                    table.CheckConstraint("ck_clients_name_keys", "name_last_first <> '' AND name_first_last <> ''");
                    table.CheckConstraint("ck_clients_phone_e164", "phone ~ '^\\+[1-9][0-9]{7,14}$'");
                });

            migrationBuilder.CreateTable(
                name: "consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consents", x => x.id);
                    table.CheckConstraint("ck_consents_type", "type IN ('treatment', 'privacy')");
                    table.ForeignKey(
                        name: "fk_consents_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_clients_name_first_last_id",
                table: "clients",
                columns: new[] { "name_first_last", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_name_last_first_id",
                table: "clients",
                columns: new[] { "name_last_first", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_phone",
                table: "clients",
                column: "phone",
                filter: "phone IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_consents_client_id_type",
                table: "consents",
                columns: new[] { "client_id", "type" });

            // Email search is case-insensitive: lower() is immutable, so it can be indexed as an expression.
            // Not a partial index: the planner ignores the expression statistics of partial indexes, and
            // without them it estimates thousands of matches for one address.
            migrationBuilder.Sql("CREATE INDEX ix_clients_lower_email ON clients (lower(email));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consents");

            migrationBuilder.DropTable(
                name: "clients");
        }
    }
}
