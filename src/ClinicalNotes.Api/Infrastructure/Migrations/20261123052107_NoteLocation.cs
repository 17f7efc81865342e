using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicalNotes.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class NoteLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Where the visit happened and who treated, from Scheduling at creation. Adding a column rewrites no row, so
            // the signed-note lock (notes_locked_when_signed, a row trigger) stays untouched; notes written before
            // this migration get the empty UUID, a location nobody works at: they fail closed (no one reads them).
            migrationBuilder.AddColumn<Guid>(
                name: "location_id",
                table: "notes",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "practitioner_id",
                table: "notes",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "location_id",
                table: "notes");

            migrationBuilder.DropColumn(
                name: "practitioner_id",
                table: "notes");
        }
    }
}
