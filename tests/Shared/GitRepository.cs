using System.Diagnostics;

namespace Marketplace.Tests.Shared;

/// <summary>
/// A real git repository in a folder, driven by the git CLI, for tests and the bench: made from a folder's files, then
/// committed, tagged, branched, force-pushed over. No network: remotes are <c>file://</c> URLs of other folders.
/// </summary>
internal sealed class GitRepository
{
    private GitRepository(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>The repository as a source URL.</summary>
    public string Url => "file://" + Folder;

    /// <summary>A new repository at <paramref name="folder"/> holding a copy of <paramref name="from"/> (if given), committed on
    /// <c>main</c>.</summary>
    public static GitRepository Create(string folder, string? from = null)
    {
        Directory.CreateDirectory(folder);
        if (from is not null)
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(folder, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }

        var repo = new GitRepository(folder);
        repo.Git("init", "--quiet", "--initial-branch=main");
        repo.Git("config", "user.email", "tests@marketplace.test");
        repo.Git("config", "user.name", "Marketplace tests");
        repo.Git("config", "commit.gpgsign", "false");
        repo.CommitAll("initial");
        return repo;
    }

    /// <summary>Commits every change in the folder; returns the new commit.</summary>
    public string CommitAll(string message)
    {
        Git("add", "--all");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        return Head();
    }

    public string Head(string rev = "HEAD") => Git("rev-parse", rev).Trim();

    public void WriteFile(string path, string content)
    {
        var full = Path.Combine(Folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void DeleteFile(string path) => File.Delete(Path.Combine(Folder, path));

    /// <summary>Runs git in the repository; a failure throws with git's message.</summary>
    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
    }
}
