using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Problems;

/// <summary>A ProblemDetails written through <see cref="IProblemDetailsService"/>, so it carries <c>traceId</c> like any problem.</summary>
internal abstract class ProblemResult(ProblemDetails problem) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => problem.Status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        await httpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }
}
