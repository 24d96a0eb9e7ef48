namespace Marketplace.Catalog.Importing;

/// <summary>A committed batch's figures (known only after its commit) and counts, written with the next unit.</summary>
internal sealed record CommittedBatch(ImportBatchFigures Figures, int Imported, int Skipped, int Failed);
