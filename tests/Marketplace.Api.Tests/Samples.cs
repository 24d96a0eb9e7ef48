namespace Marketplace.Api.Tests;

/// <summary>The repository's <c>samples/</c> folder.</summary>
internal static class Samples
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples"));

    /// <summary>A sample marketplace in the real format: <c>acme-tools</c> or <c>other-tools</c>.</summary>
    public static string Marketplace(string name) => Path.Combine(Folder, "marketplaces", name);
}
