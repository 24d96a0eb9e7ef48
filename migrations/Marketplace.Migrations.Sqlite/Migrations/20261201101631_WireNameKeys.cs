using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WireNameKeys : Migration
    {
        /// <summary>Artifact keys use the type's wire name, as the API does: <c>mcpserver:x</c> becomes <c>mcp_server:x</c>.</summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE artifacts SET key = 'mcp_server:' || substr(key, 11) WHERE key LIKE 'mcpserver:%';");
            migrationBuilder.Sql("UPDATE import_entry_results SET artifact_key = 'mcp_server:' || substr(artifact_key, 11) WHERE artifact_key LIKE 'mcpserver:%';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE artifacts SET key = 'mcpserver:' || substr(key, 12) WHERE key LIKE 'mcp\\_server:%' ESCAPE '\\';");
            migrationBuilder.Sql("UPDATE import_entry_results SET artifact_key = 'mcpserver:' || substr(artifact_key, 12) WHERE artifact_key LIKE 'mcp\\_server:%' ESCAPE '\\';");
        }
    }
}
