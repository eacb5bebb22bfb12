using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OkrBot.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DigestSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DigestDay",
                table: "RhythmSchedules",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "DigestTime",
                table: "RhythmSchedules",
                type: "time without time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DigestDay",
                table: "RhythmSchedules");

            migrationBuilder.DropColumn(
                name: "DigestTime",
                table: "RhythmSchedules");
        }
    }
}
