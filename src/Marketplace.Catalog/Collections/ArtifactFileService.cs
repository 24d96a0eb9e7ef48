using System.IO.Compression;
using Marketplace.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Collections;

/// <summary>
/// An imported artifact's files: listed, read one by one, or written as a zip laid out as the artifact was (a plugin as its
/// folder, ready to install). Pure reads; an archive streams one blob at a time, so its size does not sit in memory.
/// </summary>
public sealed class ArtifactFileService(IDbContextFactory<MarketplaceDbContext> contexts)
{
    public async Task<(string Key, IReadOnlyList<ArtifactFileInfo> Files)> ListAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await IdAsync(db, key, cancellationToken);
        var files = await db.ArtifactFiles.AsNoTracking().Where(f => f.ArtifactId == id).OrderBy(f => f.RelativePath)
            .Select(f => new ArtifactFileInfo(f.RelativePath, f.Size, f.BlobSha256)).ToListAsync(cancellationToken);
        return (key, files);
    }

    /// <summary>One file's bytes; a path the artifact does not have is 404 (paths never leave the artifact: they are looked up,
    /// never joined to a folder).</summary>
    public async Task<(ArtifactFileInfo File, byte[] Content)> ReadAsync(string key, string path, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await IdAsync(db, key, cancellationToken);
        var file = await db.ArtifactFiles.AsNoTracking().FirstOrDefaultAsync(f => f.ArtifactId == id && f.RelativePath == path,
            cancellationToken) ?? throw new NotFoundException("Artifact file", $"{key}/{path}");
        var content = await db.ContentBlobs.AsNoTracking().Where(b => b.Sha256 == file.BlobSha256).Select(b => b.Content)
            .FirstAsync(cancellationToken);
        return (new ArtifactFileInfo(file.RelativePath, file.Size, file.BlobSha256), content);
    }

    /// <summary>The artifact's name (for the archive's folder) after checking it exists.</summary>
    public async Task<string> ArchiveNameAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Artifacts.AsNoTracking().Where(a => a.Key == key).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Artifact", key);
    }

    /// <summary>
    /// Writes the artifact as a zip of <c>name/…</c> to <paramref name="output"/>. The zip is built in a temporary file first
    /// (ZipArchive writes its directory synchronously; a response body takes only asynchronous writes), then copied.
    /// </summary>
    public async Task WriteArchiveAsync(string key, string name, Stream output, CancellationToken cancellationToken)
    {
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await WriteZipAsync(key, name, buffer, cancellationToken);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    private async Task WriteZipAsync(string key, string name, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await IdAsync(db, key, cancellationToken);
        var files = await db.ArtifactFiles.AsNoTracking().Where(f => f.ArtifactId == id).OrderBy(f => f.RelativePath)
            .Select(f => new { f.RelativePath, f.BlobSha256 }).ToListAsync(cancellationToken);
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var file in files)
        {
            var content = await db.ContentBlobs.AsNoTracking().Where(b => b.Sha256 == file.BlobSha256).Select(b => b.Content)
                .FirstAsync(cancellationToken);
            var entry = zip.CreateEntry($"{name}/{file.RelativePath}", CompressionLevel.Fastest);
            await using var stream = await entry.OpenAsync(cancellationToken);
            await stream.WriteAsync(content, cancellationToken);
        }
    }

    private static async Task<Guid> IdAsync(MarketplaceDbContext db, string key, CancellationToken ct) =>
        await db.Artifacts.AsNoTracking().Where(a => a.Key == key).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Artifact", key);
}
