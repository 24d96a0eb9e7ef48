namespace Marketplace.Api.Tests;

/// <summary>The repository's <c>samples/</c> folder: the sample marketplaces in the real format and the sample workflow.</summary>
internal static class Samples
{
    public static string Folder { get; } =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples"));

    public static string Workflow => Path.Combine(Folder, "workflows", "import-and-review.yaml");

    /// <summary>A sample marketplace in the real format: <c>acme-tools</c>, <c>other-tools</c> or <c>skill-packs</c>.</summary>
    public static string Marketplace(string name) => Path.Combine(Folder, "marketplaces", name);
}
