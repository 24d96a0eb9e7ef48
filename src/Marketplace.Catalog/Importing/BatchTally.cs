using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>Counts of one batch's outcomes, and the entries that failed with their reasons.</summary>
internal sealed class BatchTally
{
    public int Imported { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    public List<(Guid EntryId, string Error)> Failures { get; } = [];

    public void Add(Guid entryId, EntryOutcome outcome)
    {
        switch (outcome.Outcome)
        {
            case ImportOutcome.Imported: Imported++; break;
            case ImportOutcome.Skipped: Skipped++; break;
            default:
                Failed++;
                Failures.Add((entryId, outcome.Error ?? "failed"));
                break;
        }
    }

    public void Add(BatchTally other)
    {
        Imported += other.Imported;
        Skipped += other.Skipped;
        Failed += other.Failed;
        Failures.AddRange(other.Failures);
    }
}
