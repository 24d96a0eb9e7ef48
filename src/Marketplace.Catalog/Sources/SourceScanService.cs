using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Git;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// A source's scan, as one call (<see cref="ScanAsync"/>) a job can wrap: fetch a git source into its mirror (outside any
/// transaction) or open a local folder, read it through the confined <see cref="SourceTree"/> (<see cref="SourceScanner"/>),
/// and diff what it found into the catalog (new, updated, unchanged, removed), recording the commit on the source and its
/// entries, the marketplace's name, owner and description, and the scan's warnings. The same commit scanned with the same
/// settings again is unchanged without being read. A fetch or read that fails records its reason on the source and
/// changes nothing else.
/// </summary>
public sealed class SourceScanService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    LocalSourcePaths localPaths,
    GitMirrors mirrors,
    SourceFileCache sourceFiles,
    IOptions<SourcesOptions> sourcesOptions,
    TimeProvider time,
    ILogger<SourceScanService> logger)
{
    /// <summary>Bumped when the scanner reads differently, so an unchanged commit is read again once.</summary>
    private const string ScannerVersion = "14.1";

    public async Task<CatalogUpsertResult> ScanAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        MarketplaceSource source;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
                ?? throw new NotFoundException("Source", sourceId);
        }

        var limits = sourcesOptions.Value;
        var fingerprint = Fingerprint(source, limits);
        string? commit = null;
        SourceScan scan;
        try
        {
            using var tree = await OpenAsync(source, limits, c => commit = c, cancellationToken);
            if (commit is not null && commit == source.ResolvedCommit && fingerprint == source.ScanFingerprint
                && source.ScanStatus == ScanStatus.Succeeded)
            {
                return await UnchangedAsync(source, cancellationToken);
            }

            var patterns = new PathPatterns(source.Include, source.Exclude);
            scan = await SourceScanner.ScanAsync(tree, sourceFiles, limits, patterns, cancellationToken);
        }
        catch (Exception ex) when (ex is GitFetchException or ArtifactContentException or IOException or UnauthorizedAccessException
            or RequestValidationException)
        {
            var reason = ex is RequestValidationException v ? string.Join(" ", v.Errors.SelectMany(e => e.Value)) : ex.Message;
            await FailAsync(sourceId, reason, cancellationToken);
            throw new RequestValidationException(ex is GitFetchException && source.Ref is not null && reason.Contains("ref",
                StringComparison.Ordinal) ? "ref" : source.LocalPath is null ? "repoUrl" : "localPath",
                $"The source could not be scanned: {reason}");
        }

        foreach (var warning in scan.Warnings)
        {
            Log.ScanWarning(logger, sourceId, warning.Path, warning.Message);
        }

        var ns = scan.Marketplace?.Name is { } marketplace ? ArtifactIdentity.Qualifier(ArtifactNames.Slug(marketplace)) : source.Namespace;
        var items = scan.Items.Select(i => i with { Commit = commit, UpstreamUrl = UpstreamUrl(source, commit, i.Path) }).ToList();
        var result = await CatalogUpserter.ApplyAsync(writes, time, sourceId, ns, items, removeMissing: true, cancellationToken);
        await CatalogUpserter.FinishAsync(writes, time, sourceId, scanned: true, cancellationToken, s =>
        {
            s.Namespace = ns;
            s.ResolvedCommit = commit;
            s.LastFetchedAt = commit is null ? s.LastFetchedAt : time.GetUtcNow();
            s.ScanFingerprint = fingerprint;
            s.ScanWarnings = JsonSerializer.Serialize(scan.Warnings, WarningJson);
            (s.MarketplaceName, s.Owner, s.Description) = (scan.Marketplace?.Name, scan.Marketplace?.Owner, scan.Marketplace?.Description);
        });
        return result with { Warnings = scan.Warnings, Commit = commit, Marketplace = scan.Marketplace };
    }

    /// <summary>The stored warnings of a source's last scan.</summary>
    public static IReadOnlyList<ScanWarning> Warnings(MarketplaceSource source) =>
        source.ScanWarnings is null ? [] : JsonSerializer.Deserialize<List<ScanWarning>>(source.ScanWarnings, WarningJson) ?? [];

    private async Task<SourceTree> OpenAsync(MarketplaceSource source, SourcesOptions limits, Action<string> fetched,
        CancellationToken cancellationToken)
    {
        if (source.LocalPath is not null)
        {
            return localPaths.Open(source.LocalPath); // checked again: links may have changed since registration
        }

        if (RepositoryUrls.LocalPathOf(source.RepoUrl) is { } remotePath)
        {
            localPaths.Resolve(remotePath, "repoUrl"); // a file:// remote stays under Sources:AllowedRoots
        }

        var checkout = await mirrors.FetchAsync(source.Id, source.RepoUrl, source.Ref, limits.MaxFilesPerScan, cancellationToken);
        fetched(checkout.Commit);
        return SourceTree.Open(LocalSourcePaths.RealPath(checkout.Folder), immutable: true);
    }

    private async Task<CatalogUpsertResult> UnchangedAsync(MarketplaceSource source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await writes.RunAsync((db, ct) => db.Sources.Where(s => s.Id == source.Id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.LastFetchedAt, now).SetProperty(s => s.LastScannedAt, now).SetProperty(s => s.UpdatedAt, now), ct),
            cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var count = await db.CatalogEntries.CountAsync(e => e.SourceId == source.Id && e.Status != CatalogEntryStatus.Removed,
            cancellationToken);
        var marketplace = source.MarketplaceName is null ? null : new MarketplaceInfo(source.MarketplaceName, source.Owner,
            source.Description, await db.CatalogEntries.CountAsync(e => e.SourceId == source.Id && e.ArtifactType == ArtifactType.Plugin
                && e.Status != CatalogEntryStatus.Removed, cancellationToken));
        return new CatalogUpsertResult(count, 0, 0, count, 0)
        {
            Warnings = Warnings(source), Commit = source.ResolvedCommit, Marketplace = marketplace,
        };
    }

    private Task<int> FailAsync(Guid sourceId, string reason, CancellationToken cancellationToken) =>
        writes.RunAsync((db, ct) => db.Sources.Where(s => s.Id == sourceId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.ScanStatus, ScanStatus.Failed)
            .SetProperty(s => s.ScanError, reason.Length > 2000 ? reason[..2000] : reason)
            .SetProperty(s => s.UpdatedAt, time.GetUtcNow()), ct), cancellationToken);

    /// <summary>A browsable URL of the entry at its commit (<c>…/blob/&lt;commit&gt;/path</c>), for web remotes.</summary>
    private static string? UpstreamUrl(MarketplaceSource source, string? commit, string path)
    {
        if (!RepositoryUrls.IsWeb(source.RepoUrl))
        {
            return null;
        }

        var file = path.Split('#')[0];
        var url = $"{source.RepoUrl}/blob/{commit ?? source.Ref ?? "HEAD"}/{file}";
        return url.Length > 2048 ? null : url;
    }

    private static string Fingerprint(MarketplaceSource source, SourcesOptions limits)
    {
        var text = string.Join('\n', ScannerVersion, limits.MaxFileBytes, limits.MaxFilesPerArtifact, limits.MaxBytesPerArtifact,
            limits.MaxFolderDepth, limits.Json.MaxBytes, limits.Json.MaxDepth, limits.FrontMatter.MaxBytes, limits.FrontMatter.MaxDepth,
            limits.FrontMatter.MaxNodes, limits.FrontMatter.MaxAliases, string.Join('\t', source.Include),
            string.Join('\t', source.Exclude));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static readonly JsonSerializerOptions WarningJson = new(JsonSerializerDefaults.Web);
}
