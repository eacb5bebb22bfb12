using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OkrBot.Core.Persistence.Migrations.Sqlite
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
                    EventId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: true),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
