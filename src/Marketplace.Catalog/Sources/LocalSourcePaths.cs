using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Decides whether a local source path may be read: after resolving <c>..</c> and every symbolic link on the
/// way, it must be an existing folder under one of <c>Sources:AllowedRoots</c>.
/// </summary>
public sealed class LocalSourcePaths
{
    private readonly string _contentRoot;
    private readonly IOptions<SourcesOptions> _options;

    public LocalSourcePaths(ContentRoot contentRoot, IOptions<SourcesOptions> options)
    {
        _contentRoot = contentRoot.Path;
        _options = options;
    }

    /// <summary>The real path of <paramref name="path"/>, or a <see cref="RequestValidationException"/> for <paramref
    /// name="field"/>.</summary>
    public string Resolve(string path, string field = "localPath")
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new RequestValidationException(field, "A local path must be a non-empty path.");
        }

        string real;
        try
        {
            var full = System.IO.Path.GetFullPath(path, _contentRoot);
            if (!Directory.Exists(full))
            {
                throw new RequestValidationException(field, $"'{path}' is not an existing folder.");
            }

            real = RealPath(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new RequestValidationException(field, $"'{path}' cannot be resolved: {e.Message}");
        }

        foreach (var root in _options.Value.AllowedRoots)
        {
            var rootFull = System.IO.Path.GetFullPath(root, _contentRoot);
            if (!Directory.Exists(rootFull))
            {
                continue;
            }

            var rootReal = RealPath(rootFull);
            if (IsSameOrUnder(real, rootReal))
            {
                return real;
            }
        }

        throw new RequestValidationException(field, $"'{path}' is outside the folders sources may be read from (Sources:AllowedRoots).");
    }

    /// <summary>
    /// Resolves a source's folder as <see cref="Resolve"/> does and opens it for confined reading, both now: a folder
    /// (or any folder above it) swapped for a link since registration is refused with a 400 naming <paramref name="field"/>.
    /// </summary>
    public SourceTree Open(string path, string field = "localPath")
    {
        var real = Resolve(path, field);
        try
        {
            return SourceTree.Open(real);
        }
        catch (Exception e) when (e is ArtifactContentException or IOException or UnauthorizedAccessException)
        {
            throw new RequestValidationException(field, e.Message);
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool IsSameOrUnder(string path, string root)
    {
        var trimmedRoot = System.IO.Path.TrimEndingDirectorySeparator(root);
        return string.Equals(path, trimmedRoot, StringComparison.Ordinal)
            || path.StartsWith(trimmedRoot + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Resolves symbolic links in every component of an absolute, existing path.</summary>
    public static string RealPath(string fullPath)
    {
        var root = System.IO.Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = System.IO.Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)
                    ?? throw new RequestValidationException("localPath", $"The link '{current}' cannot be resolved.");
                current = RealPath(target.FullName);
            }
        }

        return current;
    }
}
