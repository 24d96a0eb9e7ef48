using Marketplace.Catalog.Sources.Confinement;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// One artifact's files being read: a folder walked iteratively (a skill's or a plugin's whole tree; a plugin's hidden
/// files such as <c>.claude-plugin/</c> and <c>.mcp.json</c> too, never <c>.git</c>), or single files, with the
/// per-artifact limits counted as it goes and every entry it cannot read kept as a problem.
/// </summary>
internal sealed class ArtifactFolderReading(SourceTree tree, SourceFileCache files, SourcesOptions limits, string artifactPath)
{
    private const int ProblemsShown = 10;
    private readonly List<ArtifactFileContent> _found = [];
    private readonly List<string> _problems = [];
    private long _bytes;

    public bool IsClean => _problems.Count == 0;

    public async Task ReadFolderAsync(bool recursive, CancellationToken cancellationToken, bool hidden = false)
    {
        var folders = new Stack<(string Path, string Relative, int Depth)>();
        folders.Push((artifactPath, "", 0));
        while (folders.TryPop(out var folder))
        {
            var entries = tree.List(folder.Path);
            foreach (var entry in entries.Where(e => e.IsUsableFile && (hidden || !e.Name.StartsWith('.'))))
            {
                await ReadFileAsync(Join(folder.Path, entry.Name), folder.Relative + entry.Name, cancellationToken);
            }

            foreach (var entry in entries.Where(e => !e.IsUsableFile && !e.IsUsableFolder))
            {
                _problems.Add($"'{Join(folder.Path, entry.Name)}' {entry.Problem ?? Describe(entry.Kind)}");
            }

            var subfolders = recursive ? entries.Where(e => e.IsUsableFolder && e.Name != ".git" && (hidden || !e.Name.StartsWith('.')))
                .Reverse() : [];
            foreach (var sub in subfolders)
            {
                if (folder.Depth + 1 > limits.MaxFolderDepth)
                {
                    _problems.Add($"'{folder.Path}/{sub.Name}' is nested deeper than Sources:MaxFolderDepth ({limits.MaxFolderDepth})");
                    continue;
                }

                folders.Push((Join(folder.Path, sub.Name), $"{folder.Relative}{sub.Name}/", folder.Depth + 1));
            }
        }
    }

    public async Task ReadFileAsync(string path, string relative, CancellationToken cancellationToken)
    {
        if (_found.Any(f => f.RelativePath == relative))
        {
            return;
        }

        if (_found.Count >= limits.MaxFilesPerArtifact)
        {
            throw new ArtifactContentException(
                $"'{artifactPath}' has more than Sources:MaxFilesPerArtifact ({limits.MaxFilesPerArtifact}) files.");
        }

        var bytes = await ArtifactContentReader.ReadBytesAsync(tree, path, files, limits, cancellationToken);
        _bytes += bytes.Length;
        if (_bytes > limits.MaxBytesPerArtifact)
        {
            throw new ArtifactContentException(
                $"'{artifactPath}' is larger than Sources:MaxBytesPerArtifact ({limits.MaxBytesPerArtifact} bytes).");
        }

        _found.Add(new ArtifactFileContent(relative, ArtifactContentReader.Sha256(bytes), bytes));
    }

    /// <summary>Adds a file whose bytes were made rather than read (an inline object written out as JSON).</summary>
    public void Add(string relative, byte[] bytes) =>
        _found.Add(new ArtifactFileContent(relative, ArtifactContentReader.Sha256(bytes), bytes));

    public ArtifactContent Result()
    {
        if (_problems.Count > 0)
        {
            var shown = string.Join("; ", _problems.Take(ProblemsShown));
            var more = _problems.Count > ProblemsShown ? $"; and {_problems.Count - ProblemsShown} more" : "";
            throw new ArtifactContentException($"'{artifactPath}' cannot be read as it is: {shown}{more}.");
        }

        return _found.Count == 0 ? throw new ArtifactContentException($"'{artifactPath}' has no files.") : new ArtifactContent(_found);
    }

    private static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";

    internal static string Describe(SourceEntryKind kind) => kind switch
    {
        SourceEntryKind.Link => "is a symbolic link; links are not followed",
        SourceEntryKind.Other => "is not a regular file or folder",
        _ => "cannot be read",
    };
}
