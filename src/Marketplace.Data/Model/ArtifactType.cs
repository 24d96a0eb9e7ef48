namespace Marketplace.Data.Model;

/// <summary>The kind of an agent artifact.</summary>
public enum ArtifactType
{
    Skill,
    Command,
    Agent,
    Hook,
    McpServer,
    Plugin
}
