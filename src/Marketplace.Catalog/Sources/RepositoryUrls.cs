using System.Text.RegularExpressions;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// The git URLs a source may name: <c>https://</c> (and <c>http://</c>), <c>ssh://</c>, <c>git://</c>, <c>file://</c>, the
/// scp-like <c>user@host:path</c>, or an absolute local path (taken as <c>file://</c>). One repository has one normal form:
/// scheme and host lower-cased, a trailing slash or <c>.git</c> dropped. Nothing that git could read as an option or a
/// transport helper (<c>-…</c>, <c>ext::</c>) gets through.
/// </summary>
public static partial class RepositoryUrls
{
    public const int MaxLength = 2048;

    /// <summary>The normal form of <paramref name="value"/>, or null with <paramref name="problem"/> saying why not.</summary>
    public static string? Normalize(string? value, out string? problem)
    {
        problem = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problem = "A repository URL is required.";
            return null;
        }

        if (text.Length > MaxLength || text.StartsWith('-') || SafeText.HasUnsafe(text) || text.Any(char.IsWhiteSpace))
        {
            problem = $"A repository URL has at most {MaxLength} characters, no spaces or control characters, and does not start with '-'.";
            return null;
        }

        if (text.StartsWith('/'))
        {
            text = "file://" + text;
        }

        if (ScpLike().Match(text) is { Success: true } scp)
        {
            return $"{scp.Groups["user"].Value}@{scp.Groups["host"].Value.ToLowerInvariant()}:{TrimPath(scp.Groups["path"].Value)}";
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http" or "ssh" or "git" or "file")
            || (uri.Scheme != "file" && string.IsNullOrEmpty(uri.Host))
            || (uri.Scheme == "file" && !string.IsNullOrEmpty(uri.Host)))
        {
            problem = "A repository URL must be an https, http, ssh, git or file URL, a user@host:path address or an absolute path.";
            return null;
        }

        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var userInfo = string.IsNullOrEmpty(uri.UserInfo) ? "" : uri.UserInfo + "@";
        return $"{uri.Scheme}://{userInfo}{authority}{TrimPath(uri.AbsolutePath)}";
    }

    /// <summary>The local path of a <c>file://</c> URL, or null for any other.</summary>
    public static string? LocalPathOf(string normalized) =>
        normalized.StartsWith("file://", StringComparison.Ordinal) ? Uri.UnescapeDataString(new Uri(normalized).AbsolutePath) : null;

    /// <summary>Whether the URL is one a browser can show files of (<c>…/blob/&lt;commit&gt;/path</c> on GitHub-like hosts).</summary>
    public static bool IsWeb(string normalized) => normalized.StartsWith("https://", StringComparison.Ordinal)
        || normalized.StartsWith("http://", StringComparison.Ordinal);

    private static string TrimPath(string path)
    {
        path = path.TrimEnd('/');
        return path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
    }

    [GeneratedRegex(@"^(?<user>[A-Za-z0-9._-]+)@(?<host>[A-Za-z0-9.-]+):(?<path>[^:\\]+)$")]
    private static partial Regex ScpLike();
}
