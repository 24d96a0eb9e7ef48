using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The data half of GitSourcesAndIdentity, in a migration of its own: SQLite rebuilds marketplace_sources for the schema
    /// half (its ref became nullable), and statements in the same migration as a pending rebuild may meet the table before it.
    /// </summary>
    public partial class GitSourcesAndIdentityKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing rows get their identity: a source's namespace from its name, a component's plugin from the plugin entry
            // above its path, keys qualified by plugin and namespace (an artifact from the entry that first imported it; one
            // whose source is gone keeps its old key), and import results follow their artifacts.
            migrationBuilder.Sql("UPDATE marketplace_sources SET namespace = substr(trim(replace(replace(replace(replace(replace(name, ':', '-'), '/', '-'), '@', '-'), '\\', '-'), ' ', '-'), '-'), 1, 100);");
            migrationBuilder.Sql("UPDATE marketplace_sources SET namespace = 'source' WHERE namespace = '';");
            migrationBuilder.Sql("UPDATE catalog_entries SET plugin = (SELECT substr(trim(replace(replace(replace(replace(replace(p.name, ':', '-'), '/', '-'), '@', '-'), '\\', '-'), ' ', '-'), '-'), 1, 100) FROM catalog_entries p WHERE p.source_id = catalog_entries.source_id AND p.artifact_type = 'Plugin' AND substr(catalog_entries.path, 1, length(p.path) + 1) = p.path || '/' ORDER BY length(p.path) DESC LIMIT 1) WHERE artifact_type <> 'Plugin';");
            migrationBuilder.Sql("UPDATE catalog_entries SET key = (CASE artifact_type WHEN 'McpServer' THEN 'mcp_server' ELSE lower(artifact_type) END) || ':' || (CASE WHEN plugin IS NULL THEN '' ELSE plugin || ':' END) || name || '@' || (SELECT s.namespace FROM marketplace_sources s WHERE s.id = catalog_entries.source_id);");
            migrationBuilder.Sql("UPDATE artifacts SET plugin = (SELECT e.plugin FROM catalog_entries e WHERE e.imported_artifact_id = artifacts.id ORDER BY e.imported_at, e.id LIMIT 1), namespace = (SELECT s.namespace FROM catalog_entries e JOIN marketplace_sources s ON s.id = e.source_id WHERE e.imported_artifact_id = artifacts.id ORDER BY e.imported_at, e.id LIMIT 1);");
            migrationBuilder.Sql("UPDATE artifacts SET plugin = NULL WHERE type = 'Plugin';");
            migrationBuilder.Sql("UPDATE artifacts SET key = substr(key, 1, instr(key, ':')) || (CASE WHEN plugin IS NULL THEN '' ELSE plugin || ':' END) || name || '@' || namespace WHERE namespace IS NOT NULL;");
            migrationBuilder.Sql("UPDATE import_entry_results SET artifact_key = (SELECT a.key FROM artifacts a WHERE a.id = import_entry_results.artifact_id) WHERE artifact_id IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Keys back to type:name (fails on the unique index if two namespaces have since imported the same type:name).
            migrationBuilder.Sql("UPDATE artifacts SET key = substr(key, 1, instr(key, ':')) || name WHERE namespace IS NOT NULL;");
            migrationBuilder.Sql("UPDATE import_entry_results SET artifact_key = (SELECT a.key FROM artifacts a WHERE a.id = import_entry_results.artifact_id) WHERE artifact_id IS NOT NULL;");
        }
    }
}
