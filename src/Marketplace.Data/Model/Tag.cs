namespace Marketplace.Data.Model;

/// <summary>A tag name shared by artifacts.</summary>
public sealed class Tag
{
    public int Id { get; set; }
    public required string Name { get; set; }
}
