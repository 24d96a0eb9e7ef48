using Marketplace.Catalog.Collections;
using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Importing;
using Marketplace.Catalog.Scanning;
using Marketplace.Catalog.Sources;
using Marketplace.Catalog.Sources.Git;
using Marketplace.Data.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog;

/// <summary>The marketplace domain's DI entry point.</summary>
public static class MarketplaceCatalogServiceCollectionExtensions
{
    /// <summary>
    /// Registers sources and scanning, the catalog, the batched import and the collection's reads — imports and scans as
    /// leased job kinds (<see cref="IJobKind"/>) for the runner <c>AddMarketplaceWorkflows()</c> registers — with their
    /// validated options (<c>Sources</c> with its limits, <c>Git</c>, <c>Import</c>). Needs <c>AddMarketplaceData()</c> (the database) and
    /// <c>AddMarketplaceBlobCache()</c> (source file content is cached there).
    /// </summary>
    public static IServiceCollection AddMarketplaceCatalog(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImportOptions>, ImportOptionsValidator>();
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.Section)
            .PostConfigure(o => o.AllowedRoots = o.AllowedRoots.Count == 0 ? [.. SourcesOptions.DefaultAllowedRoots] : o.AllowedRoots)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>();
        services.AddOptions<GitOptions>().BindConfiguration(GitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocalSourcePaths>();
        services.AddSingleton<GitCli>();
        services.AddSingleton<GitMirrors>();
        services.AddSingleton<SourceScanService>();
        services.AddSingleton<SourceFileCache>();
        services.AddSingleton<SourceService>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<ImportMetrics>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<ImportControl>();
        // Imports as a leased job kind: the runner (AddMarketplaceWorkflows) runs every IJobKind registered.
        services.AddSingleton<ImportJobLeases>();
        services.AddSingleton<ImportSourceTrees>();
        services.AddSingleton<ImportJobStore>();
        services.AddSingleton<ImportContentPreparer>();
        services.AddSingleton<ImportBatchCommitter>();
        services.AddSingleton<ImportProcessor>();
        services.AddSingleton<IJobKind, ImportJobKind>();
        // Scans the same way: one service call wrapped as a leased job.
        services.AddSingleton<ScanJobService>();
        services.AddSingleton<ScanJobLeases>();
        services.AddSingleton<ScanJobStore>();
        services.AddSingleton<ScanProcessor>();
        services.AddSingleton<IJobKind, ScanJobKind>();
        services.AddSingleton<CollectionService>();
        services.AddSingleton<ArtifactFileService>();
        return services;
    }
}
