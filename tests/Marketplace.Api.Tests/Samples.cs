namespace Marketplace.Api.Tests;

/// <summary>The repository's samples: the sample marketplace (copied under a host's allowed sources folder) and the sample workflow.</summary>
internal static class Samples
{
    private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples"));

    public static string Workflow => Path.Combine(Root, "workflows", "import-and-review.yaml");

    /// <summary>A fresh copy of samples/acme-agent-marketplace under the host's sources folder; its path.</summary>
    public static string CopyMarketplace(MarketplaceApiFactory factory)
    {
        var sample = Path.Combine(Root, "acme-agent-marketplace");
        var target = Path.Combine(factory.SourcesFolder, "acme-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
