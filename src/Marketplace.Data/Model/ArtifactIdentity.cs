namespace Marketplace.Data.Model;

/// <summary>
/// Where an artifact comes from, as its key says it (DESIGN §5a, identity): a plugin's component is namespaced by its
/// plugin as Claude Code does (<c>/plugin:command</c>), a plugin by its marketplace (<c>plugin@marketplace</c>), a
/// standalone artifact by its source: <c>command:git-toolkit:squash@acme</c>, <c>plugin:git-toolkit@acme</c>,
/// <c>skill:csv-cleaner@acme</c>. A plugin and a namespace never hold ':', '@' or '/' (see <see cref="Qualifier"/>),
/// so a key reads back one way.
/// </summary>
public static class ArtifactIdentity
{
    /// <summary>The longest plugin or namespace part of a key.</summary>
    public const int MaxQualifierLength = 100;

    /// <summary>The longest key: type, plugin, name (200) and namespace with their separators.</summary>
    public const int MaxKeyLength = 512;

    public static string Key(ArtifactType type, string? plugin, string name, string ns) =>
        type == ArtifactType.Plugin || string.IsNullOrEmpty(plugin)
            ? $"{WireName.Of(type)}:{name}@{ns}"
            : $"{WireName.Of(type)}:{plugin}:{name}@{ns}";

    /// <summary>
    /// A plugin or namespace part: ':', '@', '/', '\' and white space become '-', runs of '-' shrink to one, the ends
    /// are trimmed, and it is cut to <see cref="MaxQualifierLength"/>; nothing left gives <paramref name="fallback"/>.
    /// </summary>
    public static string Qualifier(string? text, string fallback = "source")
    {
        var chars = (text ?? "").Select(c => c is ':' or '@' or '/' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c) ? '-' : c);
        var value = new string([.. chars]);
        while (value.Contains("--", StringComparison.Ordinal))
        {
            value = value.Replace("--", "-", StringComparison.Ordinal);
        }

        value = value.Trim('-', '.');
        if (value.Length > MaxQualifierLength)
        {
            value = value[..(char.IsLowSurrogate(value[MaxQualifierLength]) ? MaxQualifierLength - 1 : MaxQualifierLength)].TrimEnd('-');
        }

        return value.Length == 0 ? fallback : value;
    }
}
