using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CatalogPageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_catalog_entries_source_status",
                table: "catalog_entries");

            migrationBuilder.DropIndex(
                name: "ix_catalog_entries_source_type",
                table: "catalog_entries");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_entries_source_status",
                table: "catalog_entries",
                columns: new[] { "source_id", "status", "path" });

            migrationBuilder.CreateIndex(
                name: "ix_catalog_entries_source_type",
                table: "catalog_entries",
                columns: new[] { "source_id", "artifact_type", "path" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_catalog_entries_source_status",
                table: "catalog_entries");

            migrationBuilder.DropIndex(
                name: "ix_catalog_entries_source_type",
                table: "catalog_entries");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_entries_source_status",
                table: "catalog_entries",
                columns: new[] { "source_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_catalog_entries_source_type",
                table: "catalog_entries",
                columns: new[] { "source_id", "artifact_type" });
        }
    }
}
