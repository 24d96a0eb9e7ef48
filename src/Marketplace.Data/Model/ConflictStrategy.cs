namespace Marketplace.Data.Model;

/// <summary>What an import does when the artifact key already exists.</summary>
public enum ConflictStrategy
{
    Skip,
    Overwrite,
    Rename
}
