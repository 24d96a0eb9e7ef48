using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Api.OpenApi;

/// <summary>What the document says about the whole API: its description, server, tags and the API-key scheme.</summary>
internal sealed class DocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecurityScheme = "apiKey";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Sources", "Marketplace sources: git repositories (and local folders under Sources:AllowedRoots) that publish artifacts."),
        ("Catalog", "A source's catalog: the entries a scan found or an upload named, to be imported."),
        ("Scans", "Scans of a source into its catalog, as jobs any runner runs: started (202), read, streamed."),
        ("Imports", "Import jobs: batched imports of catalog entries into the collection, run by any runner and taken over after "
            + "a crash; started (202), listed, streamed, cancelled, resumed."),
        ("Collections", "What was imported: the collection's artifacts, one artifact with its files, tags and members."),
        ("Workflows", "Workflow definitions (YAML) and their stage plans."),
        ("Workflow executions", "Runs of a workflow: start, read, pause, resume, cancel, gate decisions and the event stream."),
        ("Health", "Liveness and readiness; open without a key."),
        ("Metrics", "Prometheus text of the service's meters."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Marketplace API";
        document.Info.Description = """
            Catalogs of Claude Code plugin marketplaces, imports of their artifacts into a collection, and workflows that
            run in the background. JSON is camelCase with snake_case enum values; every error is an RFC 9457
            `application/problem+json` body. A path answers 405 (a problem body, with an `Allow` header) to a method it
            does not list. With `Api:Keys` set, every operation but health and this document needs
            `Authorization: Bearer <key>`.
            """;
        // Relative, so the document is the same whichever name or port the service is reached by.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This service" }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "One of the keys in Api:Keys, as `Authorization: Bearer <key>`. Enforced only when Api:Keys is set.",
        };
        EventStreamSchemas.Describe(document);
        AnyValueSchemas.Simplify(document);
        return Task.CompletedTask;
    }
}
