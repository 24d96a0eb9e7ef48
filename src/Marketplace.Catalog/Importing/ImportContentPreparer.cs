using Marketplace.Catalog.Sources;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Manifests;
using Marketplace.Data.Model;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>Reads and hashes a batch's content before its transaction (DESIGN §5: fetch outside the lock).</summary>
public sealed class ImportContentPreparer(SourceFileCache sourceFiles, IOptions<SourcesOptions> sources)
{
    /// <summary>Each entry with its files and metadata; a read failure fails that entry only. No tree: a catalog-only source, metadata
    /// only.</summary>
    internal async Task<List<PreparedEntry>> PrepareAsync(
        SourceTree? tree, CatalogEntry[] batch, Dictionary<Guid, IReadOnlyList<Guid>> children, CancellationToken ct)
    {
        var prepared = new List<PreparedEntry>(batch.Length);
        foreach (var entry in batch)
        {
            var kids = children.GetValueOrDefault(entry.Id) ?? [];
            if (entry.RemoteSource is { } remote)
            {
                prepared.Add(PreparedEntry.Failed(entry, RemoteSources.ImportProblem(remote)));
                continue;
            }

            if (tree is null)
            {
                prepared.Add(new PreparedEntry(entry, ArtifactContent.None, FrontMatter.Empty, null, kids));
                continue;
            }

            try
            {
                var content = await ArtifactContentReader.ReadAsync(tree, entry.ArtifactType, entry.Path, sourceFiles, sources.Value, ct);
                var metadata = ArtifactMetadata.From(entry.ArtifactType, content, sources.Value);
                prepared.Add(new PreparedEntry(entry, content, metadata, null, kids));
            }
            catch (Exception ex) when (ex is ArtifactContentException or IOException or UnauthorizedAccessException)
            {
                prepared.Add(PreparedEntry.Failed(entry, $"Content of '{entry.Path}' could not be read: {ex.Message}"));
            }
        }

        return prepared;
    }
}
