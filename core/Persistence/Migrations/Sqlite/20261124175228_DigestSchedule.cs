using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OkrBot.Core.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "DigestTime",
                table: "RhythmSchedules",
                type: "TEXT",
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
