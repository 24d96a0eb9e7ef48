using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>Counts of one batch's outcomes.</summary>
internal sealed class BatchTally
{
    public int Imported { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }

    public void Add(ImportOutcome outcome)
    {
        switch (outcome)
        {
            case ImportOutcome.Imported: Imported++; break;
            case ImportOutcome.Skipped: Skipped++; break;
            default: Failed++; break;
        }
    }
}
