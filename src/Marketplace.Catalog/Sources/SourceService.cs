using Marketplace.Catalog.Sources.Git;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Sources;

/// <summary>Registers, lists and removes marketplace sources.</summary>
public sealed class SourceService
{
    private readonly IDbContextFactory<MarketplaceDbContext> _contexts;
    private readonly IWriteUnitRunner _writes;
    private readonly LocalSourcePaths _localPaths;
    private readonly GitMirrors _mirrors;
    private readonly TimeProvider _time;

    public SourceService(IDbContextFactory<MarketplaceDbContext> contexts, IWriteUnitRunner writes, LocalSourcePaths localPaths,
        GitMirrors mirrors, TimeProvider time)
    {
        _contexts = contexts;
        _writes = writes;
        _localPaths = localPaths;
        _mirrors = mirrors;
        _time = time;
    }

    public async Task<MarketplaceSource> RegisterAsync(SourceRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var source = Validate(registration);
        await _writes.RunAsync(async (db, ct) =>
        {
            // Checked inside the unit (under the write lock) so the answer cannot go stale before the insert;
            // the unique index is the backstop for writers in other processes.
            if (await db.Sources.AnyAsync(s => s.RepoUrl == source.RepoUrl, ct))
            {
                throw new ConflictException($"A source for '{source.RepoUrl}' is already registered.");
            }

            db.Sources.Add(source);
        }, cancellationToken);
        return source;
    }

    public async Task<(IReadOnlyList<MarketplaceSource> Items, int Total)> ListAsync(int skip, int limit,
        CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.Sources.CountAsync(cancellationToken);
        var items = await db.Sources.AsNoTracking().OrderBy(s => s.CreatedAt).ThenBy(s =>
            s.Id).Skip(skip).Take(limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<MarketplaceSource> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException("Source", id);
    }

    /// <summary>
    /// Removes a source; its catalog and its import and scan jobs go with it (cascading foreign keys), and the jobs' events
    /// (which have no foreign key: they belong to either table) in the same unit.
    /// </summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var deleted = await _writes.RunAsync(async (db, ct) =>
        {
            var jobs = db.ImportJobs.Where(j => j.SourceId == id).Select(j => j.Id)
                .Concat(db.ScanJobs.Where(j => j.SourceId == id).Select(j => j.Id));
            await db.JobEvents.Where(e => jobs.Contains(e.JobId)).ExecuteDeleteAsync(ct);
            return await db.Sources.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        }, cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException("Source", id);
        }

        try
        {
            _mirrors.Delete(id);
        }
        catch (IOException)
        {
            // A mirror that cannot be removed now (a fetch holds a file) is left; it has no source to serve any more.
        }
    }

    private MarketplaceSource Validate(SourceRegistration registration)
    {
        var errors = new Dictionary<string, string[]>();
        var repoUrl = RepositoryUrls.Normalize(registration.RepoUrl, out var urlProblem);
        if (urlProblem is not null)
        {
            errors["repoUrl"] = [urlProblem];
        }

        var name = registration.Name?.Trim();
        if (name is { Length: > 200 } || (name is not null && SafeText.HasUnsafe(name)))
        {
            errors["name"] = ["A name has at most 200 characters and no control, format or bidirectional characters."];
        }

        var gitRef = string.IsNullOrWhiteSpace(registration.Ref) ? null : registration.Ref.Trim();
        if (gitRef is not null && !GitRefs.IsValid(gitRef))
        {
            errors["ref"] = ["A ref is a branch, tag or commit: 1–200 characters of letters, digits and ._/+-, not starting with '-' and "
                + "without '..'."];
        }

        if (registration.TrustLevel is { } trust && !Enum.IsDefined(trust))
        {
            errors["trustLevel"] = ["Unknown trust level."];
        }

        var include = PathPatterns.Validate(registration.Include, "include", errors);
        var exclude = PathPatterns.Validate(registration.Exclude, "exclude", errors);
        var localPath = ResolveOrCollect(registration.LocalPath, "localPath", errors);
        if (registration.LocalPath is null && repoUrl is not null && RepositoryUrls.LocalPathOf(repoUrl) is { } remotePath)
        {
            // A file:// remote is read by this process: it must lie under Sources:AllowedRoots like any local folder.
            ResolveOrCollect(remotePath, "repoUrl", errors);
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var now = _time.GetUtcNow();
        var sourceName = string.IsNullOrEmpty(name) ? DefaultName(repoUrl!) : name;
        return new MarketplaceSource
        {
            Id = Guid.CreateVersion7(now),
            RepoUrl = repoUrl!,
            Name = sourceName,
            Namespace = ArtifactIdentity.Qualifier(sourceName),
            Ref = gitRef,
            LocalPath = localPath,
            TrustLevel = registration.TrustLevel ?? TrustLevel.Untrusted,
            Include = include,
            Exclude = exclude,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private string? ResolveOrCollect(string? path, string field, Dictionary<string, string[]> errors)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return _localPaths.Resolve(path, field);
        }
        catch (RequestValidationException e)
        {
            foreach (var (key, messages) in e.Errors)
            {
                errors[key] = messages;
            }

            return null;
        }
    }

    private static string DefaultName(string repoUrl)
    {
        var last = repoUrl.TrimEnd('/').Split('/', ':').LastOrDefault(s => s.Length > 0);
        return string.IsNullOrEmpty(last) ? repoUrl : last;
    }
}
