using System.Text;

namespace Marketplace.Api.Tests;

/// <summary>
/// Writes a generated hostile marketplace folder: deep folder trees, deep and aliased YAML, deep and duplicated JSON,
/// huge numbers, large front matter, unicode names with controls and bidirectional overrides, bytes that are not
/// UTF-8, and links to files, folders, parents and to a folder outside whose every file holds a marker.
/// </summary>
internal sealed class HostileSource(Random random, string root, string outside)
{
    private static readonly string[] Odd = ["\u0000", "\u001b[31m", "\u202e", "\u2066", "\u200b", "\n", "\r", "\u0085", "\ufeff", "\ud800", "😀", "名前", "%2e%2e", ":", "\\"];

    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public void Write()
    {
        for (var i = 0; i < 6; i++)
        {
            var folder = $"skills/s{i}{(random.Next(3) == 0 ? OnDisk(Pick(Odd)) : "")}";
            File(Path.Combine(folder, "SKILL.md"), FrontMatter());
            if (random.Next(2) == 0)
            {
                File(Path.Combine(folder, Name() + ".md"), Text());
            }

            if (random.Next(3) == 0)
            {
                Link(Path.Combine(folder, "linked"), random.Next(3) switch { 0 => outside, 1 => "..", _ => Path.Combine(outside, "secret.txt") });
            }
        }

        File("commands/" + Name() + ".md", FrontMatter());
        File("agents/a.md", FrontMatter());
        File(".mcp.json", Json());
        File("plugins/p/.claude-plugin/plugin.json", Json());
        File("plugins/p/commands/c.md", FrontMatter());
        Link("plugins/q/.claude-plugin", outside);
        File("plugins/q/commands/c.md", "# q");
        Link("commands/outside.md", Path.Combine(outside, "secret.txt"));
        Link("skills/outside", outside);
        var deep = string.Join('/', Enumerable.Range(0, 20 + random.Next(30)).Select(d => $"d{d}"));
        File(Path.Combine(deep, "SKILL.md"), FrontMatter());
        System.IO.File.WriteAllBytes(Path.Combine(root, "commands", "bytes.md"), [.. Encoding.UTF8.GetBytes("---\nname: "), 0xFF, 0xFE, 0xC3, 0x28, 0x0A, .. "---\n"u8]);
    }

    private string FrontMatter() => random.Next(9) switch
    {
        0 => "---\nname: " + new string('[', 20_000) + new string(']', 20_000) + "\n---\n",
        1 => "---\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i => $"k{i}: &k{i} [" + string.Join(',', Enumerable.Repeat(i == 0 ? "x" : $"*k{i - 1}", 10)) + "]")) + "\n---\n",
        2 => "---\nname: 99999999999999999999999999999\nversion: 1e999999\ndescription: -0x7fffffffffffffff\n---\n",
        3 => "---\nname: \"" + Escaped() + "\"\ndescription: \"" + Escaped() + "\"\ntags: [\"" + Escaped() + "\", ok]\n---\n",
        4 => "---\ndescription: " + new string('d', 300_000) + "\n---\n",
        5 => "---\nname: [unclosed\n---\n",
        6 => "---\n" + string.Concat(Enumerable.Range(0, 8000).Select(i => $"- {i}\n")) + "---\n",
        _ => $"---\nname: {Name()}\ndescription: fine\n---\nbody",
    };

    private string Json() => random.Next(6) switch
    {
        0 => new string('[', 100_000) + new string(']', 100_000),
        1 => "{\"mcpServers\":{\"a\":{},\"a\":{\"command\":\"x\"}},\"name\":\"dup\",\"name\":\"dup2\"}",
        2 => "{\"name\":1e99999,\"version\":123456789012345678901234567890,\"mcpServers\":{\"n\":{\"port\":1e400}}}",
        3 => "{\"name\":\"" + Escaped() + "\",\"mcpServers\":{\"" + Escaped() + "\":{},\"ok\":{}}}",
        4 => "{\"mcpServers\":" + new string('{', 5000),
        _ => "{\"name\":\"fine\",\"mcpServers\":{\"fine\":{\"command\":\"run\"}}}",
    };

    /// <summary>A JSON/YAML double-quoted string full of escapes for controls, overrides and lone surrogates.</summary>
    private string Escaped() => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(5) switch
    {
        0 => "\\u0000",
        1 => "\\u202e",
        2 => "\\ud800",
        3 => "\\u001b",
        _ => "n" + random.Next(100),
    }));

    private string Name() => "f" + random.Next(1000) + OnDisk(string.Concat(Enumerable.Range(0, random.Next(3)).Select(_ => Pick(Odd))));

    /// <summary>What a file name can hold at all: no NUL, no separator, no lone surrogate (.NET cannot encode one).</summary>
    private static string OnDisk(string name) =>
        name.Replace("\u0000", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal).Replace("\ud800", "", StringComparison.Ordinal);

    private string Text() => string.Concat(Enumerable.Range(0, random.Next(1, 50)).Select(_ => Pick(Odd)));

    private string Pick(string[] items) => items[random.Next(items.Length)];

    private void File(string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, Lenient.GetBytes(content)); // a lone surrogate becomes U+FFFD instead of an exception
    }

    private void Link(string path, string target)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (Directory.Exists(target) || target == "..")
        {
            Directory.CreateSymbolicLink(full, target);
        }
        else
        {
            System.IO.File.CreateSymbolicLink(full, target);
        }
    }
}
