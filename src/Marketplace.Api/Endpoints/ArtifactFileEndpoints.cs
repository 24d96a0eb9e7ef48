using Marketplace.Api.Contracts;
using Marketplace.Api.Problems;
using Marketplace.Catalog.Collections;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Api.Endpoints;

/// <summary>
/// <c>/api/v1/artifacts/{key}/files…</c> and <c>…/archive</c>: an imported artifact's files, one file, and the whole as a
/// zip.
/// </summary>
internal static class ArtifactFileEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapArtifactFileEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/artifacts/{key}").WithTags("Collections");
        group.MapGet("/files", ListArtifactFiles);
        group.MapGet("/files/{**path}", GetArtifactFile).Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream");
        group.MapGet("/archive", GetArtifactArchive).Produces<Stream>(StatusCodes.Status200OK, "application/zip");
        return routes;
    }

    /// <summary>List an artifact's files</summary>
    /// <remarks>Every file stored for the artifact (a plugin: every file under its folder), by path, with size and SHA-256.</remarks>
    public static Task<Results<Ok<ArtifactFilesResponse>, NotFoundProblem>> ListArtifactFiles(
        string key, ArtifactFileService files, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            var (found, list) = await files.ListAsync(key, cancellationToken);
            return TypedResults.Ok(new ArtifactFilesResponse(found, list));
        });

    /// <summary>Get one file of an artifact</summary>
    /// <remarks>The file's bytes, as stored; its ETag is its SHA-256. A path the artifact does not have is 404.</remarks>
    public static Task<Results<FileContentHttpResult, NotFoundProblem>> GetArtifactFile(
        string key, string path, ArtifactFileService files, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            var (file, content) = await files.ReadAsync(key, path, cancellationToken);
            var type = ContentTypes.TryGetContentType(file.Path, out var known) ? known : "application/octet-stream";
            return TypedResults.File(content, type, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
        });

    /// <summary>Download an artifact as a zip</summary>
    /// <remarks>
    /// The artifact's files under a folder named after it, laid out as in its source: a plugin comes out ready to install.
    /// </remarks>
    public static Task<Results<PushStreamHttpResult, NotFoundProblem>> GetArtifactArchive(
        string key, ArtifactFileService files, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            var name = await files.ArchiveNameAsync(key, cancellationToken); // 404 before any byte is written
            return TypedResults.Stream(stream => files.WriteArchiveAsync(key, name, stream, cancellationToken), "application/zip",
                $"{name}.zip");
        });
}
