using System.Text.RegularExpressions;

namespace Marketplace.Catalog.Sources;

/// <summary>What a source's ref may be: a branch, a tag or a commit, in the characters git allows everywhere.</summary>
internal static partial class GitRefs
{
    public static bool IsValid(string value) =>
        value.Length <= 200 && Allowed().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal) && !value.EndsWith(".lock",
            StringComparison.Ordinal) && !value.EndsWith('/') && !value.Contains("//", StringComparison.Ordinal);

    /// <summary>Whether the ref looks like a (possibly abbreviated) commit id.</summary>
    public static bool IsCommitLike(string value) => CommitLike().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_+][A-Za-z0-9._/+-]*$")]
    private static partial Regex Allowed();

    [GeneratedRegex("^[0-9a-f]{7,64}$")]
    private static partial Regex CommitLike();
}
