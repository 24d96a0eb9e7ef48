using Marketplace.Data;
using Marketplace.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Problems;

/// <summary>The ProblemDetails of each domain exception; the handlers' typed results and the exception handler share it.</summary>
internal static class DomainProblems
{
    public static ProblemDetails? For(Exception exception) => exception switch
    {
        NotFoundException e => Problem(StatusCodes.Status404NotFound, $"{e.Resource} not found.", e.Message),
        ConflictException e => Conflict("Conflict.", e.Message),
        DuplicateKeyException e => Conflict("Duplicate.", e.Message),
        ConstraintViolationException e => Conflict("The change conflicts with the stored data.", e.Message),
        DatabaseBusyException e => Problem(StatusCodes.Status503ServiceUnavailable, "The database is busy.", e.Message),
        StorageUnavailableException e => Problem(StatusCodes.Status503ServiceUnavailable, "Storage is unavailable.", e.Message),
        _ => null,
    };

    public static bool IsConflict(Exception exception) =>
        exception is ConflictException or DuplicateKeyException or ConstraintViolationException;

    private static ProblemDetails Conflict(string title, string detail) => Problem(StatusCodes.Status409Conflict, title, detail);

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
