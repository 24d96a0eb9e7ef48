using Marketplace.Api.Contracts;
using Marketplace.Catalog.Collections;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/artifacts/{key}/files…</c> and <c>…/archive</c>: an imported artifact's files, one file, and the whole as a zip.</summary>
internal static class ArtifactFileEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapArtifactFileEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/artifacts/{key}").WithTags("Collections");
        group.MapGet("/files", ListArtifactFiles).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List an artifact's files")
            .WithDescription("Every file stored for the artifact (a plugin: every file under its folder), by path, with size and SHA-256.");
        group.MapGet("/files/{**path}", GetArtifactFile).ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("Get one file of an artifact")
            .WithDescription("The file's bytes, as stored; its ETag is its SHA-256. A path the artifact does not have is 404.");
        group.MapGet("/archive", GetArtifactArchive).ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithSummary("Download an artifact as a zip")
            .WithDescription("The artifact's files under a folder named after it, laid out as in its source: a plugin comes out ready to install.");
        return routes;
    }

    public static async Task<Ok<ArtifactFilesResponse>> ListArtifactFiles(string key, ArtifactFileService files, CancellationToken cancellationToken)
    {
        var (found, list) = await files.ListAsync(key, cancellationToken);
        return TypedResults.Ok(new ArtifactFilesResponse(found, list));
    }

    public static async Task<FileContentHttpResult> GetArtifactFile(string key, string path, ArtifactFileService files, CancellationToken cancellationToken)
    {
        var (file, content) = await files.ReadAsync(key, path, cancellationToken);
        var type = ContentTypes.TryGetContentType(file.Path, out var known) ? known : "application/octet-stream";
        return TypedResults.File(content, type, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    public static async Task<PushStreamHttpResult> GetArtifactArchive(string key, ArtifactFileService files, CancellationToken cancellationToken)
    {
        var name = await files.ArchiveNameAsync(key, cancellationToken); // 404 before any byte is written
        return TypedResults.Stream(stream => files.WriteArchiveAsync(key, name, stream, cancellationToken), "application/zip", $"{name}.zip");
    }
}
