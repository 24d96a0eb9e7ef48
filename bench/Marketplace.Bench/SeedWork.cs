namespace Marketplace.Bench;

/// <summary>
/// What one seed run asks of the service: concurrent imports of local sources, workflow executions whose first stage
/// imports, and PATCH loops editing catalog entries. Without a <see cref="Duration"/> each import runs once and the PATCH
/// loops stop when the imports and executions are done; with one, every import loop re-imports its entries
/// (<c>overwrite</c>) until the time is up.
/// </summary>
internal sealed record SeedWork(int Imports, int PerImport, int Workflows, int PatchLoops, TimeSpan? Duration = null)
{
    /// <summary>The design's seed: 5 imports, 4 workflow executions of 10 entries, one PATCH loop.</summary>
    public static SeedWork Seed(int perImport) => new(5, perImport, 4, 1);

    public string Describe() => Duration is { } duration
        ? $"{Imports} import loops x {PerImport} entries + {PatchLoops} PATCH loops, {duration.TotalSeconds:F0} s"
        : $"{Imports} x {PerImport}-entry imports + {Workflows} workflow executions + {PatchLoops} PATCH loop(s)";
}
