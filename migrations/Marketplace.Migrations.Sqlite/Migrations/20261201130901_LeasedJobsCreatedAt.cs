using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The data half of LeasedJobs, in a migration of its own: SQLite rebuilds import_jobs for the schema half (its
    /// started_at became nullable), and statements in the same migration as a pending rebuild may meet the table before it.
    /// </summary>
    public partial class LeasedJobsCreatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Jobs of earlier versions were created when they started.
            migrationBuilder.Sql("UPDATE import_jobs SET created_at = started_at WHERE started_at IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
