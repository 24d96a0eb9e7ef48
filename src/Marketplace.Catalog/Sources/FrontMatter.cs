namespace Marketplace.Catalog.Sources;

/// <summary>
/// What a Markdown file's YAML front matter (the block between leading <c>---</c> lines) says about its artifact.
/// <see cref="Problem"/> says why front matter that is there was not used (malformed, or over a limit); the file
/// still counts, without metadata.
/// </summary>
internal sealed record FrontMatter(string? Name, string? Description, string? Version, string? Author, string? License,
    IReadOnlyList<string> Tags)
{
    public static readonly FrontMatter Empty = new(null, null, null, null, null, []);

    public string? Problem { get; init; }

    public static FrontMatter Parse(string markdown) => Parse(markdown, new FrontMatterLimits());

    public static FrontMatter Parse(string markdown, FrontMatterLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var reader = new StringReader(markdown);
        if (reader.ReadLine()?.Trim() != "---")
        {
            return Empty;
        }

        var yaml = new System.Text.StringBuilder();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Trim() == "---")
            {
                return FrontMatterReader.Read(yaml.ToString(), limits);
            }

            // Counted in UTF-16 units, a close enough measure of bytes for a limit meant to stop megabytes.
            if (yaml.Length + line.Length > limits.MaxBytes)
            {
                return Empty with { Problem = $"front matter is larger than Sources:FrontMatter:MaxBytes ({limits.MaxBytes})" };
            }

            yaml.AppendLine(line);
        }

        return Empty; // no closing fence: not front matter
    }
}
