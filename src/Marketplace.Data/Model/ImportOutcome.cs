namespace Marketplace.Data.Model;

/// <summary>Outcome of one entry within an import.</summary>
public enum ImportOutcome
{
    Imported,
    Skipped,
    Failed
}
