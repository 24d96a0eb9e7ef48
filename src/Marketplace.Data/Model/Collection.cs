using System.Diagnostics.CodeAnalysis;

namespace Marketplace.Data.Model;

/// <summary>A named set of imported artifacts; the "default" one always exists.</summary>
[SuppressMessage("Naming", "CA1711", Justification = "The domain's word for a set of imported artifacts is collection.")]
public sealed class Collection
{
    /// <summary>Id of the collection that the initial migration seeds.</summary>
    public static readonly Guid DefaultId = new("00000000-0000-0000-0000-000000000001");

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
