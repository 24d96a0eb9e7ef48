using Marketplace.Api.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Api.Endpoints;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (the database and the cache answer). Both are
/// open; with <c>Api:Keys</c> set, readiness shows its checks' figures (paths, sizes, lock times) only to a caller
/// with a key, and its status alone to anyone else.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", Live).WithName(nameof(Live)).WithSummary("Liveness")
            .WithDescription("Answers 200 while the process serves requests; it checks nothing else.");
        group.MapGet("/ready", Ready).WithName(nameof(Ready)).WithSummary("Readiness")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithDescription("Runs the readiness checks (database, blob cache): 200 when Healthy or Degraded, 503 when Unhealthy. "
                + "With Api:Keys set, the checks and their figures are shown only with a key.");
        return routes;
    }

    public static Ok<HealthResponse> Live() => TypedResults.Ok(new HealthResponse(nameof(HealthStatus.Healthy)));

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(
        HealthCheckService health, HttpContext context, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), cancellationToken);
        context.Response.Headers.CacheControl = "no-store, no-cache";
        var body = context.User.Identity?.IsAuthenticated == true
            ? new HealthResponse(
                report.Status.ToString(),
                report.TotalDuration.TotalMilliseconds,
                report.Entries.ToDictionary(
                    e => e.Key, e => new HealthCheckEntry(e.Value.Status.ToString(), e.Value.Description, e.Value.Data)))
            : new HealthResponse(report.Status.ToString());
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}
