using System.Text.RegularExpressions;

namespace Marketplace.Workflows.Definitions;

/// <summary>The shapes of a definition's names.</summary>
internal static partial class Patterns
{
    /// <summary>A workflow id.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,99}$")]
    public static partial Regex Slug();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,99}$")]
    public static partial Regex StageId();

    /// <summary>A parameter name.</summary>
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    public static partial Regex Identifier();
}
