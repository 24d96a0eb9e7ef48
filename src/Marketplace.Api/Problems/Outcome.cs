using Marketplace.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Problems;

/// <summary>
/// Runs a handler's work and turns the domain's "not found" and "conflict" into the typed results its signature names,
/// so the 404s and 409s of the contract are in the handler, the OpenAPI document and the behaviour alike.
/// </summary>
internal static class Outcome
{
    public static async Task<Results<TResult, NotFoundProblem>> OrNotFound<TResult>(Func<Task<TResult>> work)
        where TResult : IResult
    {
        try
        {
            return await work();
        }
        catch (NotFoundException e)
        {
            return new NotFoundProblem(DomainProblems.For(e)!);
        }
    }

    public static async Task<Results<TResult, ConflictProblem>> OrConflict<TResult>(Func<Task<TResult>> work)
        where TResult : IResult
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (DomainProblems.IsConflict(e))
        {
            return new ConflictProblem(DomainProblems.For(e)!);
        }
    }

    public static async Task<Results<TResult, NotFoundProblem, ConflictProblem>> OrNotFoundOrConflict<TResult>(Func<Task<TResult>> work)
        where TResult : IResult
    {
        try
        {
            return await work();
        }
        catch (NotFoundException e)
        {
            return new NotFoundProblem(DomainProblems.For(e)!);
        }
        catch (Exception e) when (DomainProblems.IsConflict(e))
        {
            return new ConflictProblem(DomainProblems.For(e)!);
        }
    }
}
