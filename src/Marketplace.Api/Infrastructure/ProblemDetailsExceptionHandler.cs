using System.Text.Json;
using Marketplace.Data;
using Marketplace.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Infrastructure;

/// <summary>The one map from exceptions to ProblemDetails. Anything unknown is a 500, never a 404.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
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
            BadHttpRequestException e => new ProblemDetails
            {
                Status = e.StatusCode,
                Title = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
                Detail = e.InnerException is JsonException json ? $"{e.Message} {json.Message}" : e.Message,
            },
            NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = $"{e.Resource} not found.", Detail = e.Message },
            ConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = e.Message },
            DuplicateKeyException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Duplicate.", Detail = e.Message },
            ConstraintViolationException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The change conflicts with the stored data.", Detail = e.Message },
            DatabaseBusyException e => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The database is busy.", Detail = e.Message },
            StorageUnavailableException e => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Storage is unavailable.", Detail = e.Message },
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
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
