namespace Marketplace.Ui.Tests;

/// <summary>Paths in the repository: the sample marketplaces the tests make git repositories of, and docs/screenshots.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string Screenshots => Directory.CreateDirectory(Path.Combine(Root, "docs", "screenshots")).FullName;

    public static string Screenshot(string name) => Path.Combine(Screenshots, $"{name}.png");

    /// <summary>
    /// A git repository made with the git CLI from a sample marketplace (one commit on <c>main</c>) under
    /// <paramref name="folder"/>; its path.
    /// </summary>
    public static string GitMarketplace(string folder, string sample)
    {
        var source = Path.Combine(Samples, "marketplaces", sample);
        var target = Path.Combine(folder, $"{sample}-{Guid.NewGuid():N}"[..(sample.Length + 9)]);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        Git(target, "init", "-q", "-b", "main");
        Git(target, "add", "-A");
        Git(target, "-c", "user.name=UI tests", "-c", "user.email=ui@tests.invalid", "commit", "-q", "-m", "A sample marketplace");
        return target;
    }

    private static void Git(string folder, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = System.Diagnostics.Process.Start(start)!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} in {folder}: {error}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Marketplace.sln above {AppContext.BaseDirectory}.");
    }
}
