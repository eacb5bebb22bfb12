using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OkrBot.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FeishuEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FeishuEvent",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    EventType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: true),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeishuEvent", x => x.EventId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FeishuEvent_ProcessedAt",
                table: "FeishuEvent",
                column: "ProcessedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeishuEvent");
        }
    }
}
