using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Postgres.Migrations
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "marketplace_sources",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "exclude",
                table: "marketplace_sources",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<List<string>>(
                name: "include",
                table: "marketplace_sources",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_fetched_at",
                table: "marketplace_sources",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "marketplace_name",
                table: "marketplace_sources",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "namespace",
                table: "marketplace_sources",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "owner",
                table: "marketplace_sources",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "resolved_commit",
                table: "marketplace_sources",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "scan_fingerprint",
                table: "marketplace_sources",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "scan_warnings",
                table: "marketplace_sources",
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "artifact_key",
                table: "import_entry_results",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(240)",
                oldMaxLength: 240,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "collided_with",
                table: "import_entry_results",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "author",
                table: "catalog_entries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "catalog_entries",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "collided_with",
                table: "catalog_entries",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "commit",
                table: "catalog_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "catalog_entries",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "key",
                table: "catalog_entries",
                type: "character varying(512)",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "plugin",
                table: "catalog_entries",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "problem",
                table: "catalog_entries",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "remote_source",
                table: "catalog_entries",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "key",
                table: "artifacts",
                type: "character varying(512)",
                maxLength: 512,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(240)",
                oldMaxLength: 240);

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "artifacts",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "namespace",
                table: "artifacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "plugin",
                table: "artifacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_catalog_entries_source_plugin",
                table: "catalog_entries",
                columns: new[] { "source_id", "plugin" });

            // Existing rows get their identity: a source's namespace from its name, a component's plugin from the plugin entry
            // above its path, keys qualified by plugin and namespace (an artifact from the entry that first imported it; one
            // whose source is gone keeps its old key), and import results follow their artifacts.
            migrationBuilder.Sql("UPDATE marketplace_sources SET namespace = substr(btrim(replace(replace(replace(replace(replace(name, ':', '-'), '/', '-'), '@', '-'), '\\', '-'), ' ', '-'), '-'), 1, 100);");
            migrationBuilder.Sql("UPDATE marketplace_sources SET namespace = 'source' WHERE namespace = '';");
            migrationBuilder.Sql("UPDATE catalog_entries SET plugin = (SELECT substr(btrim(replace(replace(replace(replace(replace(p.name, ':', '-'), '/', '-'), '@', '-'), '\\', '-'), ' ', '-'), '-'), 1, 100) FROM catalog_entries p WHERE p.source_id = catalog_entries.source_id AND p.artifact_type = 'Plugin' AND substr(catalog_entries.path, 1, length(p.path) + 1) = p.path || '/' ORDER BY length(p.path) DESC LIMIT 1) WHERE artifact_type <> 'Plugin';");
            migrationBuilder.Sql("UPDATE catalog_entries SET key = (CASE artifact_type WHEN 'McpServer' THEN 'mcp_server' ELSE lower(artifact_type) END) || ':' || (CASE WHEN plugin IS NULL THEN '' ELSE plugin || ':' END) || name || '@' || (SELECT s.namespace FROM marketplace_sources s WHERE s.id = catalog_entries.source_id);");
            migrationBuilder.Sql("UPDATE artifacts SET plugin = (SELECT e.plugin FROM catalog_entries e WHERE e.imported_artifact_id = artifacts.id ORDER BY e.imported_at, e.id LIMIT 1), namespace = (SELECT s.namespace FROM catalog_entries e JOIN marketplace_sources s ON s.id = e.source_id WHERE e.imported_artifact_id = artifacts.id ORDER BY e.imported_at, e.id LIMIT 1);");
            migrationBuilder.Sql("UPDATE artifacts SET plugin = NULL WHERE type = 'Plugin';");
            migrationBuilder.Sql("UPDATE artifacts SET key = substr(key, 1, strpos(key, ':')) || (CASE WHEN plugin IS NULL THEN '' ELSE plugin || ':' END) || name || '@' || namespace WHERE namespace IS NOT NULL;");
            migrationBuilder.Sql("UPDATE import_entry_results SET artifact_key = (SELECT a.key FROM artifacts a WHERE a.id = import_entry_results.artifact_id) WHERE artifact_id IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Keys back to type:name (fails on the unique index if two namespaces have since imported the same type:name).
            migrationBuilder.Sql("UPDATE artifacts SET key = substr(key, 1, strpos(key, ':')) || name WHERE namespace IS NOT NULL;");
            migrationBuilder.Sql("UPDATE import_entry_results SET artifact_key = (SELECT a.key FROM artifacts a WHERE a.id = import_entry_results.artifact_id) WHERE artifact_id IS NOT NULL;");

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
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "artifact_key",
                table: "import_entry_results",
                type: "character varying(240)",
                maxLength: 240,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(512)",
                oldMaxLength: 512,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "key",
                table: "artifacts",
                type: "character varying(240)",
                maxLength: 240,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(512)",
                oldMaxLength: 512);
        }
    }
}
