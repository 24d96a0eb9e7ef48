using System.Text;
using System.Text.RegularExpressions;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// A source's include and exclude patterns over '/'-separated paths: <c>**</c> any number of folders, <c>*</c> any
/// characters but '/', <c>?</c> one; a pattern without '/' matches a name at any depth. A path is kept when no include
/// pattern is given or one matches, and no exclude pattern matches it or a folder above it.
/// </summary>
public sealed class PathPatterns
{
    public const int MaxPatterns = 50;
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    public PathPatterns(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        _include = [.. include.Select(Compile)];
        _exclude = [.. exclude.Select(Compile)];
    }

    public bool IsEmpty => _include.Length == 0 && _exclude.Length == 0;

    public bool Keeps(string path)
    {
        var file = path.Split('#')[0];
        if (_include.Length > 0 && !_include.Any(p => MatchesSelfOrAbove(p, file)))
        {
            return false;
        }

        return !_exclude.Any(p => MatchesSelfOrAbove(p, file));
    }

    private static bool MatchesSelfOrAbove(Regex pattern, string path)
    {
        for (var end = path.Length; end > 0; end = path.LastIndexOf('/', end - 1))
        {
            if (pattern.IsMatch(path[..end]))
            {
                return true;
            }
        }

        return false;
    }

    private static Regex Compile(string pattern)
    {
        var text = pattern.Trim().TrimStart('.', '/').TrimEnd('/');
        var regex = new StringBuilder(text.Contains('/', StringComparison.Ordinal) ? "^" : "^(?:.*/)?");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
                if (i + 1 < text.Length && text[i + 1] == '/')
                {
                    i++;
                    regex.Append("/?");
                }
            }
            else
            {
                regex.Append(text[i] switch { '*' => "[^/]*", '?' => "[^/]", var c => Regex.Escape(c.ToString()) });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Checks patterns from a request: at most <see cref="MaxPatterns"/>, each 1–200 characters of safe text.</summary>
    internal static List<string> Validate(IReadOnlyList<string>? patterns, string field, Dictionary<string, string[]> errors)
    {
        var list = patterns?.ToList() ?? [];
        if (list.Count > MaxPatterns || list.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 200 || SafeText.HasUnsafe(p)))
        {
            errors[field] =
                [$"At most {MaxPatterns} patterns, each 1–200 characters without control, format or bidirectional characters."];
        }

        return [.. list.Select(p => p.Trim())];
    }
}
