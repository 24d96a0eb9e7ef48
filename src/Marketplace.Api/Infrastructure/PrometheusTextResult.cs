using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Marketplace.Api.Infrastructure;

/// <summary>Writes the default Prometheus registry as text; declares itself as 200 <c>text/plain</c> in the OpenAPI document.</summary>
internal sealed class PrometheusTextResult : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.Headers.CacheControl = "no-store";
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(httpContext.Response.Body, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]));
}
