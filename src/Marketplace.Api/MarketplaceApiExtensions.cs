using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Api.Endpoints;
using Marketplace.Api.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Prometheus;

namespace Marketplace.Api;

/// <summary>The API host's registrations and pipeline, so Program.cs stays a list of calls.</summary>
internal static class MarketplaceApiExtensions
{
    public static IServiceCollection AddMarketplaceApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Malformed JSON and wrong types throw BadHttpRequestException, which the exception handler turns
        // into a ProblemDetails that says what was wrong, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.AddOpenApi();
        return services;
    }

    public static WebApplication UseMarketplaceApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }

    public static WebApplication MapMarketplaceEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapHealthEndpoints();
        // Prometheus text of every System.Diagnostics.Metrics meter (Marketplace.Data: write gate, lock hold, busy
        // retries, import batches and entries) plus the process's own figures. A meter listener sees only what is
        // measured after it starts, so the adapter starts with the host, not at the first scrape.
        MeterAdapter.StartListening();
        app.MapMetrics("/metrics");
        var api = app.MapGroup("/api/v1");
        api.MapSourceEndpoints();
        api.MapCatalogEndpoints();
        api.MapImportEndpoints();
        api.MapCollectionEndpoints();
        api.MapArtifactFileEndpoints();
        api.MapWorkflowEndpoints();
        api.MapExecutionEndpoints();
        return app;
    }
}
