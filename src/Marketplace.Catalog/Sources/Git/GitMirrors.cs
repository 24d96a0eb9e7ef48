using System.Collections.Concurrent;
using System.Globalization;
using Marketplace.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources.Git;

/// <summary>
/// One bare mirror per source under <see cref="GitOptions.MirrorsPath"/> (<c>{source}/repo.git</c>), and the commits it
/// scans checked out beside it (<c>{source}/checkouts/{commit}</c>; the current and the one before are kept, so an
/// import reading the previous commit is not pulled from under it). A fetch asks for the one commit the ref names, shallow
/// (depth 1) unless the remote cannot serve that, runs within <see cref="GitOptions.FetchTimeout"/> and stops when the
/// mirror grows past <see cref="GitOptions.MaxFetchBytes"/>. Runs outside any database transaction; one fetch per source
/// at a time in this process, and git's own lock files keep two processes apart.
/// </summary>
public sealed class GitMirrors(GitCli git, IOptions<GitOptions> options, ContentRoot contentRoot)
{
    private const string FetchedRef = "refs/marketplace/fetched";
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
                var commit = await FetchCommitAsync(repo, url, gitRef, timeout.Token);
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

    private async Task<string> FetchCommitAsync(string repo, string url, string? gitRef, CancellationToken ct)
    {
        var host = url; // whose token, if any, goes with the fetch
        var remote = RepositoryUrls.LocalPathOf(url) is { } local ? "file://" + local : url;
        var refspec = $"+{gitRef ?? "HEAD"}:{FetchedRef}";
        try
        {
            await WatchedFetchAsync(repo, ["fetch", "--quiet", "--no-tags", "--depth=1", "--", remote, refspec], host, ct);
        }
        catch (GitFetchException e) when (e.Message.Contains("shallow", StringComparison.OrdinalIgnoreCase))
        {
            // A dumb HTTP remote cannot serve a shallow fetch: take the history instead.
            await WatchedFetchAsync(repo, ["fetch", "--quiet", "--no-tags", "--", remote, refspec], host, ct);
        }
        catch (GitFetchException) when (gitRef is not null && GitRefs.IsCommitLike(gitRef))
        {
            // A remote that serves only advertised refs: fetch its branches and tags, then look for the commit.
            await WatchedFetchAsync(repo, ["fetch", "--quiet", "--", remote, "+refs/heads/*:refs/marketplace/heads/*",
                "+refs/tags/*:refs/marketplace/tags/*"], host, ct);
            var found = await TryResolveAsync(repo, gitRef, ct)
                ?? throw new GitFetchException($"The commit '{gitRef}' is not in {Describe(url)}.");
            await git.RunAsync(repo, ["update-ref", FetchedRef, found], null, ct);
        }

        return await TryResolveAsync(repo, FetchedRef, ct) ?? throw new GitFetchException($"Nothing was fetched from {Describe(url)}.");
    }

    private async Task WatchedFetchAsync(string repo, string[] arguments, string? host, CancellationToken ct)
    {
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tooLarge = false;
        var watcher = Task.Run(async () =>
        {
            while (!watch.IsCancellationRequested)
            {
                await Task.Delay(200, watch.Token);
                if (SizeOf(Path.Combine(repo, "objects")) > options.Value.MaxFetchBytes)
                {
                    tooLarge = true;
                    await watch.CancelAsync();
                }
            }
        }, CancellationToken.None);
        try
        {
            await git.RunAsync(repo, arguments, host, watch.Token);
            if (SizeOf(Path.Combine(repo, "objects")) > options.Value.MaxFetchBytes)
            {
                tooLarge = true; // finished between two looks
                throw new OperationCanceledException();
            }
        }
        catch (OperationCanceledException) when (tooLarge)
        {
            throw new GitFetchException($"The fetch grew past Git:MaxFetchBytes ({options.Value.MaxFetchBytes} bytes); it was stopped.");
        }
        catch (GitFetchException e)
        {
            throw new GitFetchException(Explain(e.Message, arguments[^2]), e);
        }
        finally
        {
            await watch.CancelAsync();
            await watcher.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
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

        File.SetLastWriteTimeUtc(done, DateTime.UtcNow);
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

    private async Task<string?> TryResolveAsync(string repo, string name, CancellationToken ct)
    {
        try
        {
            return (await git.RunAsync(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}"], null, ct)).Trim();
        }
        catch (GitFetchException)
        {
            return null;
        }
    }

    /// <summary>git's message made to say what happened in the service's words, keeping git's own text after it.</summary>
    private static string Explain(string message, string remote)
    {
        var where = Describe(remote);
        if (message.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not our ref", StringComparison.OrdinalIgnoreCase))
        {
            return $"The ref does not exist in {where} ({message})";
        }

        if (message.Contains("does not appear to be a git repository", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            return $"{where} is not a git repository that can be read ({message})";
        }

        return $"{where} could not be fetched ({message})";
    }

    private static string Describe(string remote) => $"'{remote}'";

    private static long SizeOf(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (IOException)
        {
            return 0; // files come and go while git writes; the next look counts them
        }
    }
}
