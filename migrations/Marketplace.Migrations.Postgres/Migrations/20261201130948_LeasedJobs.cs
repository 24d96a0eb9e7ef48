using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Marketplace.Migrations.Postgres.Migrations
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

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "started_at",
                table: "import_jobs",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "import_jobs",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<Guid>(
                name: "parent_execution_id",
                table: "import_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "parent_stage_id",
                table: "import_jobs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "run_failures",
                table: "import_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "wake_at",
                table: "import_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "job_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    data = table.Column<string>(type: "character varying(1048576)", maxLength: 1048576, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scan_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    wake_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    run_failures = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    result = table.Column<string>(type: "character varying(8388608)", maxLength: 8388608, nullable: true)
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

            // Jobs created before this migration were created when they started.
            migrationBuilder.Sql("UPDATE import_jobs SET created_at = started_at WHERE started_at IS NOT NULL;");
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

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "started_at",
                table: "import_jobs",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)),
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
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
