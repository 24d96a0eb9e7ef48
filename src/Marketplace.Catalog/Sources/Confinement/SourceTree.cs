namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// The one way scanning and import read a source (DESIGN §5a, confinement). Opened on a source's real root, it
/// lists folders and opens files by '/'-separated paths below it, walking one component at a time from the
/// opened root and refusing any symbolic link on the way — links are never followed, whether they lead out of the
/// source or stay inside it. The check happens at the read: a folder swapped for a link after registration or
/// after a scan is refused. Paths with <c>.</c>, <c>..</c>, empty or unsafe segments never get that far.
/// </summary>
public sealed class SourceTree : IDisposable
{
    private readonly SourceFolder _root;

    private SourceTree(string root, SourceFolder folder, bool immutable)
    {
        Root = root;
        _root = folder;
        Immutable = immutable;
    }

    /// <summary>The real path the tree was opened on.</summary>
    public string Root { get; }

    /// <summary>
    /// A git checkout of one commit: its files never change, so they are read straight from disk (the page cache serves
    /// them faster than the blob cache would); a local folder's reads go through <see cref="SourceFileCache"/>.
    /// </summary>
    public bool Immutable { get; }

    /// <exception cref="ArtifactContentException">Some component of <paramref name="realRoot"/> is a link, missing, or not a
    /// folder.</exception>
    public static SourceTree Open(string realRoot, bool immutable = false)
    {
        try
        {
            return new SourceTree(realRoot, SourceFolder.OpenRoot(realRoot), immutable);
        }
        catch (ConfinementException e)
        {
            throw new ArtifactContentException(
                $"The source folder '{realRoot}' {Describe(e.Failure)}: some part of its path changed since it was checked.");
        }
    }

    /// <summary>The entries of a folder ("" for the root), in ordinal order of their names.</summary>
    public IReadOnlyList<SourceEntry> List(string folder)
    {
        var segments = Segments(folder, allowRoot: true);
        using var opened = Walk(folder, segments, segments.Length);
        return [.. (opened ?? _root).List().OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// What <paramref name="path"/> is, or null when it (or a folder on the way to it) does not exist; a link on the way
    /// to it is refused.
    /// </summary>
    public SourceEntry? Find(string path)
    {
        var segments = Segments(path, allowRoot: false);
        SourceFolder? parent;
        try
        {
            parent = Walk(path, segments, segments.Length - 1, missingIsNull: true);
        }
        catch (MissingOnTheWay)
        {
            return null;
        }

        using (parent)
        {
            return (parent ?? _root).List().FirstOrDefault(e => e.Name == segments[^1]);
        }
    }

    /// <summary>Opens a regular file for reading; <paramref name="maxBytes"/> bounds what it may grow to while it is read.</summary>
    public ConfinedFile OpenFile(string path, long maxBytes)
    {
        var segments = Segments(path, allowRoot: false);
        using var parent = Walk(path, segments, segments.Length - 1);
        try
        {
            var handle = (parent ?? _root).OpenFile(segments[^1]);
            return new ConfinedFile(handle, path, $"{Root.TrimEnd('/')}/{path}", maxBytes);
        }
        catch (ConfinementException e)
        {
            throw Refused(path, e.Failure);
        }
    }

    /// <summary>The folder <paramref name="count"/> segments below the root, or null for the root itself (which is never
    /// disposed).</summary>
    private SourceFolder? Walk(string path, string[] segments, int count, bool missingIsNull = false)
    {
        SourceFolder? current = null;
        for (var i = 0; i < count; i++)
        {
            try
            {
                var next = (current ?? _root).OpenFolder(segments[i]);
                current?.Dispose();
                current = next;
            }
            catch (ConfinementException e)
            {
                current?.Dispose();
                if (missingIsNull && e.Failure == ConfinementFailure.Missing)
                {
                    throw new MissingOnTheWay();
                }

                throw Refused(string.Join('/', segments[..(i + 1)]), e.Failure, path);
            }
        }

        return current;
    }

    private static string[] Segments(string path, bool allowRoot)
    {
        if (allowRoot && path.Length == 0)
        {
            return [];
        }

        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".." || s.Contains('\\', StringComparison.Ordinal)
            || FileNames.Problem(s) is not null))
        {
            throw new ArtifactContentException($"'{FileNames.Display(path)}' is not a path inside the source.");
        }

        return segments;
    }

    private static ArtifactContentException Refused(string at, ConfinementFailure failure, string? whole = null) =>
        new(whole is null || whole == at ? $"'{at}' {Describe(failure)}." : $"'{at}' {Describe(failure)} (on the way to '{whole}').");

    internal static string Describe(ConfinementFailure failure) => failure switch
    {
        ConfinementFailure.Link => "is a symbolic link; links are not followed",
        ConfinementFailure.Missing => "does not exist",
        ConfinementFailure.NotAFolder => "is not a folder",
        _ => "is not a regular file",
    };

    public void Dispose() => _root.Dispose();

    /// <summary>A folder on the way to a path <see cref="Find"/> looks for does not exist.</summary>
    private sealed class MissingOnTheWay : Exception;
}
