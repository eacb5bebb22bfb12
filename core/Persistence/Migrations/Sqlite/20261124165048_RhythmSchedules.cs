using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OkrBot.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RhythmSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RhythmSchedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PromptDay = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    PromptTime = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    ReminderDay = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ReminderTime = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    MaxReminders = table.Column<int>(type: "INTEGER", nullable: true),
                    Escalate = table.Column<bool>(type: "INTEGER", nullable: true),
                    EscalationGrace = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RhythmSchedules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RhythmSchedules_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RhythmSchedules_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RhythmSchedules_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_People_TenantId_TimeZoneId_Id",
                table: "People",
                columns: new[] { "TenantId", "TimeZoneId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RhythmSchedules_PersonId",
                table: "RhythmSchedules",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_RhythmSchedules_TeamId",
                table: "RhythmSchedules",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_RhythmSchedules_TenantId_TeamId_PersonId",
                table: "RhythmSchedules",
                columns: new[] { "TenantId", "TeamId", "PersonId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RhythmSchedules");

            migrationBuilder.DropIndex(
                name: "IX_People_TenantId_TimeZoneId_Id",
                table: "People");
        }
    }
}
