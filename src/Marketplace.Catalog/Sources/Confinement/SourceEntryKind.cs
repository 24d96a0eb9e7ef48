namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>What a folder entry is, as its folder says, without following a link.</summary>
public enum SourceEntryKind
{
    File,
    Folder,
    Link,

    /// <summary>A FIFO, socket or device: never read.</summary>
    Other,
}
