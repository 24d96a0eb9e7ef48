using System.Text;
using Marketplace.Catalog.Sources;
using Marketplace.Catalog.Sources.Confinement;

namespace Marketplace.Catalog.Tests;

/// <summary>The confined reader on real folders: links to files, folders, parents and outside; swaps; names; other kinds.</summary>
public sealed class SourceTreeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("source-tree-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("source-tree-outside-").FullName;

    public SourceTreeTests()
    {
        Write("skills/s/SKILL.md", "skill");
        Write("skills/s/scripts/run.sh", "run");
        Write("commands/c.md", "command");
        File.WriteAllText(Path.Combine(_outside, "secret"), "SECRET");
        File.CreateSymbolicLink(Path.Combine(_root, "skills", "s", "inside.md"), Path.Combine(_root, "commands", "c.md"));
        File.CreateSymbolicLink(Path.Combine(_root, "skills", "s", "outside.md"), Path.Combine(_outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "skills", "s", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_root, "shared"), Path.Combine(_root, "skills"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "etc"), _outside);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private void Write(string path, string content)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private static async Task<string> ReadAsync(SourceTree tree, string path)
    {
        using var file = tree.OpenFile(path, 1 << 20);
        return Encoding.UTF8.GetString(await file.ReadAllBytesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void List_RootTwiceAndFindAtTheRootAfterIt_SeeTheSameEntries()
    {
        using var tree = SourceTree.Open(LocalSourcePaths.RealPath(_root));

        var first = tree.List("");
        var second = tree.List("");

        Assert.Equal(first, second); // the root stays open: each listing must start from its first entry
        Assert.NotNull(tree.Find("commands"));
    }

    [Fact]
    public void List_Folder_SaysWhatEachEntryIsWithoutFollowingLinks()
    {
        using var tree = SourceTree.Open(_root);

        Assert.Equal(
            [("SKILL.md", SourceEntryKind.File), ("inside.md", SourceEntryKind.Link), ("outside.md", SourceEntryKind.Link),
             ("scripts", SourceEntryKind.Folder), ("up", SourceEntryKind.Link)],
            tree.List("skills/s").Select(e => (e.Name, e.Kind)));
        Assert.Equal(SourceEntryKind.Link, tree.List("").Single(e => e.Name == "etc").Kind);
    }

    [Theory]
    [InlineData("skills/s/inside.md", "'skills/s/inside.md' is a symbolic link")] // a file inside the root
    [InlineData("skills/s/outside.md", "'skills/s/outside.md' is a symbolic link")] // a file outside
    [InlineData("skills/s/up/s/SKILL.md", "'skills/s/up' is a symbolic link")] // a parent
    [InlineData("shared/s/SKILL.md", "'shared' is a symbolic link")] // a folder inside the root
    [InlineData("etc/secret", "'etc' is a symbolic link")] // a folder outside
    [InlineData("../outside/secret", "is not a path inside the source")]
    [InlineData("skills/./s/SKILL.md", "is not a path inside the source")]
    [InlineData("/etc/passwd", "is not a path inside the source")]
    [InlineData("skills/missing.md", "'skills/missing.md' does not exist")]
    [InlineData("skills/s", "is not a regular file")]
    [InlineData("commands/c.md/x", "'commands/c.md' is not a folder")]
    public void OpenFile_ThroughOrAtALink_IsRefusedByName(string path, string message)
    {
        using var tree = SourceTree.Open(_root);

        var error = Assert.Throws<ArtifactContentException>(() => tree.OpenFile(path, 1 << 20));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenFile_FolderSwappedForALinkAfterOpening_IsRefusedAtTheRead()
    {
        using var tree = SourceTree.Open(_root);
        Assert.Equal("command", await ReadAsync(tree, "commands/c.md"));

        Directory.Delete(Path.Combine(_root, "commands"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(_root, "commands"), _outside);
        File.Copy(Path.Combine(_outside, "secret"), Path.Combine(_outside, "c.md"));

        var error = Assert.Throws<ArtifactContentException>(() => tree.OpenFile("commands/c.md", 1 << 20));
        Assert.Contains("'commands' is a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArtifactContentException>(() => tree.List("commands"));
    }

    [Fact]
    public void Open_RootSwappedForALink_IsRefused()
    {
        var moved = _root + "-moved";
        Directory.Move(_root, moved);
        Directory.CreateSymbolicLink(_root, moved);
        try
        {
            var error = Assert.Throws<ArtifactContentException>(() => SourceTree.Open(_root));
            Assert.Contains("changed since it was checked", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(_root);
            Directory.Move(moved, _root);
        }
    }

    [Fact]
    public async Task OpenFile_OpenedBeforeASwap_ReadsWhatWasChecked()
    {
        using var tree = SourceTree.Open(_root);
        using var file = tree.OpenFile("commands/c.md", 1 << 20);
        File.Delete(Path.Combine(_root, "commands", "c.md"));
        File.CreateSymbolicLink(Path.Combine(_root, "commands", "c.md"), Path.Combine(_outside, "secret"));

        Assert.Equal("command", Encoding.UTF8.GetString(await file.ReadAllBytesAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public void List_UnusableNames_AreNamedEscapedWithTheReason()
    {
        Write("names/bad\u001b.md", "x");
        Write("names/\u202eevil.md", "x");
        Write("names/fine-名前.md", "x");
        using var tree = SourceTree.Open(_root);

        var entries = tree.List("names").ToDictionary(e => e.Name);

        Assert.Null(entries["fine-名前.md"].Problem);
        Assert.Contains("control", entries["bad\\u001B.md"].Problem, StringComparison.Ordinal);
        Assert.Contains("bidirectional", entries["\\u202Eevil.md"].Problem, StringComparison.Ordinal);
        Assert.False(entries["bad\\u001B.md"].IsUsableFile);
    }

    [Fact]
    public async Task ReadAllBytes_Fifo_DoesNotHang()
    {
        Directory.CreateDirectory(Path.Combine(_root, "pipes"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(_root, "pipes", "p.md")]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var tree = SourceTree.Open(_root);

        Assert.Equal(SourceEntryKind.Other, Assert.Single(tree.List("pipes")).Kind);
    }

    [Fact]
    public async Task ReadAllBytes_FileGrownPastItsLimit_IsRefused()
    {
        using var tree = SourceTree.Open(_root);
        using var file = tree.OpenFile("commands/c.md", maxBytes: 10);
        await File.AppendAllTextAsync(Path.Combine(_root, "commands", "c.md"), "0123456789", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ArtifactContentException>(() => file.ReadAllBytesAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Sources:MaxFileBytes", error.Message, StringComparison.Ordinal);
    }
}
