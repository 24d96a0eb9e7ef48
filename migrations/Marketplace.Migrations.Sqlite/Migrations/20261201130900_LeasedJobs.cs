using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LeasedJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_import_jobs_source_started",
                table: "import_jobs");

            migrationBuilder.DropIndex(
                name: "ix_import_jobs_status",
                table: "import_jobs");

            migrationBuilder.AlterColumn<long>(
                name: "started_at",
                table: "import_jobs",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<long>(
                name: "created_at",
                table: "import_jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "parent_execution_id",
                table: "import_jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "parent_stage_id",
                table: "import_jobs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "run_failures",
                table: "import_jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "wake_at",
                table: "import_jobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "job_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    job_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    data = table.Column<string>(type: "TEXT", maxLength: 1048576, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scan_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    source_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    wake_at = table.Column<long>(type: "INTEGER", nullable: true),
                    run_failures = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    result = table.Column<string>(type: "TEXT", maxLength: 8388608, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_jobs", x => x.id);
                    table.ForeignKey(
                        name: "FK_scan_jobs_marketplace_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "marketplace_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_claim",
                table: "import_jobs",
                columns: new[] { "status", "lease_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_created",
                table: "import_jobs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_source_created",
                table: "import_jobs",
                columns: new[] { "source_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_import_jobs_live_child",
                table: "import_jobs",
                columns: new[] { "parent_execution_id", "parent_stage_id" },
                unique: true,
                filter: "\"parent_execution_id\" IS NOT NULL AND \"status\" IN ('Pending', 'Running')");

            migrationBuilder.CreateIndex(
                name: "ux_job_events_job_sequence",
                table: "job_events",
                columns: new[] { "job_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_claim",
                table: "scan_jobs",
                columns: new[] { "status", "lease_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_source_created",
                table: "scan_jobs",
                columns: new[] { "source_id", "created_at" });

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_events");

            migrationBuilder.DropTable(
                name: "scan_jobs");

            migrationBuilder.DropIndex(
                name: "ix_import_jobs_claim",
                table: "import_jobs");

            migrationBuilder.DropIndex(
                name: "ix_import_jobs_created",
                table: "import_jobs");

            migrationBuilder.DropIndex(
                name: "ix_import_jobs_source_created",
                table: "import_jobs");

            migrationBuilder.DropIndex(
                name: "ux_import_jobs_live_child",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "parent_execution_id",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "parent_stage_id",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "run_failures",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "wake_at",
                table: "import_jobs");

            migrationBuilder.AlterColumn<long>(
                name: "started_at",
                table: "import_jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_source_started",
                table: "import_jobs",
                columns: new[] { "source_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_status",
                table: "import_jobs",
                column: "status");
        }
    }
}
