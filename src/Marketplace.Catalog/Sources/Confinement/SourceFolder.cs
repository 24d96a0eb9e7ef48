using Microsoft.Win32.SafeHandles;

namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// An opened folder of a source: its entries, and its children opened without following links. Each step of a
/// walk opens one name relative to the folder before it, so a folder swapped for a link in between is refused.
/// </summary>
internal abstract class SourceFolder : IDisposable
{
    /// <summary>Opens <paramref name="realPath"/> (absolute, links already resolved) one component at a time, refusing any link.</summary>
    public static SourceFolder OpenRoot(string realPath) =>
        PosixInterop.IsSupported ? PosixSourceFolder.OpenRoot(realPath) : PortableSourceFolder.OpenRoot(realPath);

    public abstract IReadOnlyList<SourceEntry> List();

    /// <exception cref="ConfinementException">The name is missing, a link, or not a folder.</exception>
    public abstract SourceFolder OpenFolder(string name);

    /// <exception cref="ConfinementException">The name is missing, a link, or not a regular file.</exception>
    public abstract SafeFileHandle OpenFile(string name);

    public abstract void Dispose();
}
