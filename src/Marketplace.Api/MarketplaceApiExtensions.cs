using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Api.Endpoints;
using Marketplace.Api.Hosting;
using Marketplace.Api.Infrastructure;
using Marketplace.Api.OpenApi;
using Marketplace.Api.Problems;
using Marketplace.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Marketplace.Api;

/// <summary>The API host's registrations and pipeline, so Program.cs stays a list of calls.</summary>
internal static class MarketplaceApiExtensions
{
    public static IServiceCollection AddMarketplaceApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ValidationKeys.CamelCase);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Malformed JSON and wrong types throw BadHttpRequestException, which the exception handler turns
        // into a ProblemDetails that says what was wrong, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOptions<JsonOptions>().Configure<IOptions<ApiOptions>>((o, api) =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // Numbers are numbers: "5" is not read as 5, and the document types integers as integers only.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.MaxDepth = api.Value.MaxJsonDepth;
        });
        services.AddValidation();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        // Every endpoint needs the key unless it says AllowAnonymous (health, the document, the reference page).
        services.AddAuthorization(o => o.FallbackPolicy = o.DefaultPolicy);
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<DocumentTransformer>();
            o.AddOperationTransformer<OperationTransformer>();
            o.AddSchemaTransformer<SchemaTransformer>();
        });
        return services;
    }

    public static WebApplication UseMarketplaceApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMarketplaceWebUi(); // `/`: the static web UI, open like /docs (it holds no data)
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RequestBodyLimit>();
        return app;
    }

    public static WebApplication MapMarketplaceEndpoints(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        // The API reference page; its script is embedded in Scalar.AspNetCore and served from /docs/ (no CDN, no fonts
        // from elsewhere, no telemetry, no hosted AI agent or developer toolbar), so it works with no internet.
        app.MapScalarApiReference("/docs", o => o.WithTitle("Marketplace API")
            .DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp().HideDeveloperTools().ShowOperationId()
            .AddPreferredSecuritySchemes(DocumentTransformer.SecurityScheme)).AllowAnonymous();
        var root = app.MapGroup("");
        ((IEndpointConventionBuilder)root).Finally(NameAfterHandler);
        root.MapHealthEndpoints();
        root.MapMetricsEndpoints();
        var api = root.MapGroup("/api/v1").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapSourceEndpoints();
        api.MapCatalogEndpoints();
        api.MapImportEndpoints();
        api.MapScanEndpoints();
        api.MapCollectionEndpoints();
        api.MapArtifactFileEndpoints();
        api.MapWorkflowEndpoints();
        api.MapExecutionEndpoints();
        return app;
    }

    /// <summary>Each endpoint is named after its handler, its OpenAPI operationId (STYLE: handler names are operation ids).</summary>
    private static void NameAfterHandler(EndpointBuilder builder)
    {
        if (!builder.Metadata.OfType<IEndpointNameMetadata>().Any()
            && builder.Metadata.OfType<MethodInfo>().FirstOrDefault() is { } handler)
        {
            // Both, as WithName adds them: the endpoint name (operationId) and the route name (CreatedAtRoute links).
            builder.Metadata.Add(new EndpointNameMetadata(handler.Name));
            builder.Metadata.Add(new RouteNameMetadata(handler.Name));
        }
    }
}
