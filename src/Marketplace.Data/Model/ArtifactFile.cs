namespace Marketplace.Data.Model;

/// <summary>A file of an imported artifact, pointing at its content blob.</summary>
public sealed class ArtifactFile
{
    public Guid ArtifactId { get; set; }
    public required string RelativePath { get; set; }
    public required string BlobSha256 { get; set; }
    public long Size { get; set; }
}
