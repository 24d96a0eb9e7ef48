using Marketplace.Api.Problems;
using Marketplace.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Infrastructure;

/// <summary>The one map from exceptions to ProblemDetails. Anything unknown is a 500, never a 404.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RequestValidationException e => new ValidationProblemDetails(e.Errors.ToDictionary(p => p.Key, p => p.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
            },
            BadHttpRequestException e => RequestProblems.For(e, httpContext),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => DomainProblems.For(exception)
                ?? new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };
        if (problem is null)
        {
            return true;
        }

        if (problem.Status >= 500)
        {
            Log.RequestFailed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
