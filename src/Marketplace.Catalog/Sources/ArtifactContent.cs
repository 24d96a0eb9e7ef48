using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Catalog.Sources;

/// <summary>The files of one artifact and a hash over all of them (paths and bytes), for change detection.</summary>
public sealed record ArtifactContent(IReadOnlyList<ArtifactFileContent> Files)
{
    public static readonly ArtifactContent None = new([]);

    public string Hash { get; } = HashOf(Files);

    public long TotalSize => Files.Sum(f => (long)f.Bytes.Length);

    /// <summary>A hash over the sorted file paths alone: two artifacts with the same shape share it.</summary>
    public string StructureHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        Files.Select(f => f.RelativePath).Order(StringComparer.Ordinal)))));

    private static string HashOf(IReadOnlyList<ArtifactFileContent> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.RelativePath + "\n" + file.Sha256 + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
