using Marketplace.Data;
using Marketplace.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Problems;

/// <summary>The ProblemDetails of each domain exception; the handlers' typed results and the exception handler share it.</summary>
internal static class DomainProblems
{
    public static ProblemDetails? For(Exception exception) => exception switch
    {
        NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = $"{e.Resource} not found.", Detail = e.Message },
        ConflictException e => Conflict("Conflict.", e.Message),
        DuplicateKeyException e => Conflict("Duplicate.", e.Message),
        ConstraintViolationException e => Conflict("The change conflicts with the stored data.", e.Message),
        DatabaseBusyException e => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The database is busy.", Detail = e.Message },
        StorageUnavailableException e => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Storage is unavailable.", Detail = e.Message },
        _ => null,
    };

    public static bool IsConflict(Exception exception) => exception is ConflictException or DuplicateKeyException or ConstraintViolationException;

    private static ProblemDetails Conflict(string title, string detail) => new() { Status = StatusCodes.Status409Conflict, Title = title, Detail = detail };
}
