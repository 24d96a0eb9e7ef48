using Marketplace.Api.Infrastructure;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/metrics</c>: every System.Diagnostics.Metrics meter and the process's own figures, as Prometheus text.</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        // A meter listener sees only what is measured after it starts, so the adapter starts with the host, not at
        // the first scrape. prometheus-net names each series <meter>_<instrument>: marketplace_data_marketplace_db_….
        Prometheus.MeterAdapter.StartListening();
        routes.MapGet("/metrics", Scrape).WithTags("Metrics").ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Prometheus metrics")
            .WithDescription("The Prometheus text exposition format (0.0.4) of every meter: Marketplace.Data (write gate, lock hold, "
                + "busy retries), Marketplace.Catalog (imports), Marketplace.Workflows (steps, maintenance), Marketplace.Caching "
                + "(cache figures), and the process's own.");
        return routes;
    }

    public static PrometheusTextResult Scrape() => new();
}
