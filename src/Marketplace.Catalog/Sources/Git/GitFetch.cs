namespace Marketplace.Catalog.Sources.Git;

/// <summary>
/// One fetch into a mirror: the one commit the ref names (the remote's HEAD when none), shallow (depth 1) unless the remote
/// cannot serve that (dumb HTTP), with a full fetch of branches and tags as the fallback for a commit id the remote will not
/// serve by itself; stopped when the mirror's objects grow past <see cref="GitOptions.MaxFetchBytes"/>. git's messages are
/// said in the service's words, with git's own text kept after them.
/// </summary>
internal sealed class GitFetch(GitCli git, GitOptions options)
{
    private const string FetchedRef = "refs/marketplace/fetched";

    public async Task<string> FetchCommitAsync(string repo, string url, string? gitRef, CancellationToken ct)
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

        return await TryResolveAsync(repo, FetchedRef, ct)
            ?? throw new GitFetchException($"Nothing was fetched from {Describe(url)}.");
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
                if (SizeOf(Path.Combine(repo, "objects")) > options.MaxFetchBytes)
                {
                    tooLarge = true;
                    await watch.CancelAsync();
                }
            }
        }, CancellationToken.None);
        try
        {
            await git.RunAsync(repo, arguments, host, watch.Token);
            if (SizeOf(Path.Combine(repo, "objects")) > options.MaxFetchBytes)
            {
                tooLarge = true; // finished between two looks
                throw new OperationCanceledException();
            }
        }
        catch (OperationCanceledException) when (tooLarge)
        {
            throw new GitFetchException($"The fetch grew past Git:MaxFetchBytes ({options.MaxFetchBytes} bytes); it was stopped.");
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

    private async Task<string?> TryResolveAsync(string repo, string name, CancellationToken ct)
    {
        try
        {
            var found = await git.RunAsync(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}"], null, ct);
            return found.Trim();
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
