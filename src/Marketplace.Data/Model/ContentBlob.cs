namespace Marketplace.Data.Model;

/// <summary>File content stored once per distinct SHA-256.</summary>
public sealed class ContentBlob
{
    public required string Sha256 { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }
}
