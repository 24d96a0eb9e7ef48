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
    private readonly TimeProvider _time;

    public SourceService(IDbContextFactory<MarketplaceDbContext> contexts, IWriteUnitRunner writes, LocalSourcePaths localPaths,
        TimeProvider time)
    {
        _contexts = contexts;
        _writes = writes;
        _localPaths = localPaths;
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
            var jobs = db.ImportJobs.Where(j => j.SourceId == id).Select(j => j.Id).Concat(db.ScanJobs.Where(j => j.SourceId == id).Select(j => j.Id));
            await db.JobEvents.Where(e => jobs.Contains(e.JobId)).ExecuteDeleteAsync(ct);
            return await db.Sources.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        }, cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException("Source", id);
        }
    }

    private MarketplaceSource Validate(SourceRegistration registration)
    {
        var errors = new Dictionary<string, string[]>();
        var repoUrl = NormalizeRepoUrl(registration.RepoUrl, errors);
        var name = registration.Name?.Trim();
        if (name is { Length: > 200 } || (name is not null && SafeText.HasUnsafe(name)))
        {
            errors["name"] = ["A name has at most 200 characters and no control, format or bidirectional characters."];
        }

        var gitRef = registration.Ref?.Trim() ?? "main";
        if (gitRef.Length is 0 or > 200 || gitRef.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors["ref"] = ["A ref is 1–200 characters without spaces."];
        }

        if (registration.TrustLevel is { } trust && !Enum.IsDefined(trust))
        {
            errors["trustLevel"] = ["Unknown trust level."];
        }

        string? localPath = null;
        if (registration.LocalPath is not null)
        {
            try
            {
                localPath = _localPaths.Resolve(registration.LocalPath);
            }
            catch (RequestValidationException e)
            {
                foreach (var (field, messages) in e.Errors)
                {
                    errors[field] = messages;
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var now = _time.GetUtcNow();
        return new MarketplaceSource
        {
            Id = Guid.CreateVersion7(now),
            RepoUrl = repoUrl!,
            Name = string.IsNullOrEmpty(name) ? DefaultName(repoUrl!) : name,
            Ref = gitRef,
            LocalPath = localPath,
            TrustLevel = registration.TrustLevel ?? TrustLevel.Untrusted,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Lower-cases scheme and host and drops a trailing slash or <c>.git</c>, so one repository has one URL.</summary>
    private static string? NormalizeRepoUrl(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors["repoUrl"] = ["A repository URL is required."];
            return null;
        }

        if (value.Length > 2048
            || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http" or "ssh" or "git" or "file")
            || (uri.Scheme != "file" && string.IsNullOrEmpty(uri.Host)))
        {
            errors["repoUrl"] = ["A repository URL must be an absolute http(s), ssh, git or file URL of at most 2048 characters."];
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var userInfo = string.IsNullOrEmpty(uri.UserInfo) ? "" : uri.UserInfo + "@";
        return $"{uri.Scheme}://{userInfo}{authority}{path}";
    }

    private static string DefaultName(string repoUrl)
    {
        var last = repoUrl.TrimEnd('/').Split('/').LastOrDefault(s => s.Length > 0);
        return string.IsNullOrEmpty(last) ? repoUrl : last;
    }
}
