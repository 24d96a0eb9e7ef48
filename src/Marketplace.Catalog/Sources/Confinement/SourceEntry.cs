namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// One entry of a source folder. <see cref="Problem"/> says why its name cannot be used (not UTF-8, control or
/// bidirectional characters); <see cref="Name"/> is then the escaped form that names it in messages.
/// </summary>
public sealed record SourceEntry(string Name, SourceEntryKind Kind, string? Problem = null)
{
    public bool IsUsableFile => Kind == SourceEntryKind.File && Problem is null;

    public bool IsUsableFolder => Kind == SourceEntryKind.Folder && Problem is null;
}
