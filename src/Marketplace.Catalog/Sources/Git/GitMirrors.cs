using System.Collections.Concurrent;
using System.Globalization;
using Marketplace.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources.Git;

/// <summary>
/// One bare mirror per source under <see cref="GitOptions.MirrorsPath"/> (<c>{source}/repo.git</c>), and the commits it
/// scans checked out beside it (<c>{source}/checkouts/{commit}</c>; the current and the one before are kept, so an
/// import reading the previous commit is not pulled from under it). A fetch (<see cref="GitFetch"/>) runs within
/// <see cref="GitOptions.FetchTimeout"/>; a commit's files are counted and sized from its tree before any is written.
/// Runs outside any database transaction; one fetch per source at a time in this process, and git's own lock files keep
/// two processes apart.
/// </summary>
public sealed class GitMirrors(GitCli git, IOptions<GitOptions> options, ContentRoot contentRoot, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public string FolderOf(Guid sourceId) =>
        Path.Combine(Path.GetFullPath(options.Value.MirrorsPath, contentRoot.Path), sourceId.ToString("N"));

    /// <summary>Fetches <paramref name="gitRef"/> (null: the remote's HEAD) of <paramref name="url"/> and checks its commit out.</summary>
    /// <exception cref="GitFetchException">The ref is unknown, the remote is not a repository or cannot be reached, or a limit was
    /// hit.</exception>
    public async Task<GitCheckout> FetchAsync(Guid sourceId, string url, string? gitRef, int maxFiles, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(sourceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.FetchTimeout);
            try
            {
                var folder = FolderOf(sourceId);
                var repo = await EnsureRepositoryAsync(folder, timeout.Token);
                var commit = await new GitFetch(git, options.Value).FetchCommitAsync(repo, url, gitRef, timeout.Token);
                await CheckSizeAsync(repo, commit, maxFiles, timeout.Token);
                return new GitCheckout(commit, await CheckOutAsync(folder, repo, commit, timeout.Token));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new GitFetchException($"The fetch took longer than Git:FetchTimeout ({options.Value.FetchTimeout}).");
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The folder <paramref name="commit"/> is checked out in, or null when it is not (any more).</summary>
    public string? CheckoutOf(Guid sourceId, string commit)
    {
        var target = Path.Combine(FolderOf(sourceId), "checkouts", commit);
        return File.Exists(target + ".done") && Directory.Exists(target) ? target : null;
    }

    /// <summary>Removes a source's mirror and checkouts (its source was deleted).</summary>
    public void Delete(Guid sourceId)
    {
        var folder = FolderOf(sourceId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<string> EnsureRepositoryAsync(string folder, CancellationToken ct)
    {
        var repo = Path.Combine(folder, "repo.git");
        if (!File.Exists(Path.Combine(repo, "HEAD")))
        {
            Directory.CreateDirectory(folder);
            await git.RunAsync(folder, ["init", "--bare", "--quiet", "repo.git"], null, ct);
        }

        return repo;
    }

    /// <summary>Counts and sizes the commit's files from its tree before anything is written to disk.</summary>
    private async Task CheckSizeAsync(string repo, string commit, int maxFiles, CancellationToken ct)
    {
        var listing = await git.RunAsync(repo, ["ls-tree", "-r", "-l", "-z", commit], null, ct);
        long files = 0, bytes = 0;
        foreach (var line in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t', 2)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            files++;
            if (fields.Length == 4 && long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                bytes += size;
            }
        }

        if (files > maxFiles)
        {
            throw new GitFetchException($"The commit has {files} files, more than Sources:MaxFilesPerScan ({maxFiles}).");
        }

        if (bytes > options.Value.MaxCheckoutBytes)
        {
            throw new GitFetchException($"The commit's files add up to {bytes} bytes, more than Git:MaxCheckoutBytes "
                + $"({options.Value.MaxCheckoutBytes}).");
        }
    }

    private async Task<string> CheckOutAsync(string folder, string repo, string commit, CancellationToken ct)
    {
        var checkouts = Path.Combine(folder, "checkouts");
        var target = Path.Combine(checkouts, commit);
        var done = target + ".done";
        if (!File.Exists(done))
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true); // a checkout cut short
            }

            Directory.CreateDirectory(checkouts);
            await git.RunAsync(repo, ["worktree", "prune"], null, ct);
            await git.RunAsync(repo, ["worktree", "add", "--quiet", "--detach", "--force", target, commit], null, ct);
            await File.WriteAllTextAsync(done, commit, ct);
        }

        File.SetLastWriteTimeUtc(done, time.GetUtcNow().UtcDateTime);
        // Keep this commit and the one scanned before it; older checkouts go.
        foreach (var old in new DirectoryInfo(checkouts).GetFiles("*.done").OrderByDescending(f => f.LastWriteTimeUtc).Skip(2))
        {
            var dir = Path.Combine(checkouts, Path.GetFileNameWithoutExtension(old.Name));
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            old.Delete();
        }

        return target;
    }
}
