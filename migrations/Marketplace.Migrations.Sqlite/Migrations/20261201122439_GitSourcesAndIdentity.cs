using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class GitSourcesAndIdentity : Migration
    {
        /// <summary>Git sources (ref, commit, mirror figures, manifest fields, patterns, stored warnings) and qualified identities.</summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "ref",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 200);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "exclude",
                table: "marketplace_sources",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "include",
                table: "marketplace_sources",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "last_fetched_at",
                table: "marketplace_sources",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "marketplace_name",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "namespace",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "owner",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "resolved_commit",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "scan_fingerprint",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "scan_warnings",
                table: "marketplace_sources",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "collided_with",
                table: "import_entry_results",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "author",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "collided_with",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "commit",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "key",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "plugin",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "problem",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "remote_source",
                table: "catalog_entries",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "artifacts",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "namespace",
                table: "artifacts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "plugin",
                table: "artifacts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_catalog_entries_source_plugin",
                table: "catalog_entries",
                columns: new[] { "source_id", "plugin" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_catalog_entries_source_plugin",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "description",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "exclude",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "include",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "last_fetched_at",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "marketplace_name",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "namespace",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "owner",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "resolved_commit",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "scan_fingerprint",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "scan_warnings",
                table: "marketplace_sources");

            migrationBuilder.DropColumn(
                name: "collided_with",
                table: "import_entry_results");

            migrationBuilder.DropColumn(
                name: "author",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "category",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "collided_with",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "commit",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "display_name",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "key",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "plugin",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "problem",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "remote_source",
                table: "catalog_entries");

            migrationBuilder.DropColumn(
                name: "display_name",
                table: "artifacts");

            migrationBuilder.DropColumn(
                name: "namespace",
                table: "artifacts");

            migrationBuilder.DropColumn(
                name: "plugin",
                table: "artifacts");

            migrationBuilder.AlterColumn<string>(
                name: "ref",
                table: "marketplace_sources",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 200,
                oldNullable: true);
        }
    }
}
