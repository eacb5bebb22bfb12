using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OkrBot.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeyResultChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KeyResultChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyResultId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ObjectiveId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyResultTitle = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OldTarget = table.Column<double>(type: "REAL", precision: 18, scale: 4, nullable: false),
                    NewTarget = table.Column<double>(type: "REAL", precision: 18, scale: 4, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RequestedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ApproverId = table.Column<Guid>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyResultChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyResultChanges_People_ApproverId",
                        column: x => x.ApproverId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_KeyResultChanges_People_DecidedById",
                        column: x => x.DecidedById,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_KeyResultChanges_People_RequestedById",
                        column: x => x.RequestedById,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_KeyResultChanges_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeyResultChanges_ApproverId",
                table: "KeyResultChanges",
                column: "ApproverId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyResultChanges_DecidedById",
                table: "KeyResultChanges",
                column: "DecidedById");

            migrationBuilder.CreateIndex(
                name: "IX_KeyResultChanges_KeyResultId_Pending",
                table: "KeyResultChanges",
                column: "KeyResultId",
                unique: true,
                filter: "\"State\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_KeyResultChanges_RequestedById",
                table: "KeyResultChanges",
                column: "RequestedById");

            migrationBuilder.CreateIndex(
                name: "IX_KeyResultChanges_TenantId_ApproverId_State",
                table: "KeyResultChanges",
                columns: new[] { "TenantId", "ApproverId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_KeyResultChanges_TenantId_KeyResultId",
                table: "KeyResultChanges",
                columns: new[] { "TenantId", "KeyResultId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeyResultChanges");
        }
    }
}
