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

    /// <summary>Two success results (a 200 and a 202), or the 404.</summary>
    public static async Task<Results<T1, T2, NotFoundProblem>> OrNotFound<T1, T2>(Func<Task<Results<T1, T2>>> work)
        where T1 : IResult
        where T2 : IResult
    {
        try
        {
            return (await work()).Result switch
            {
                T1 first => first,
                T2 second => second,
                var other => throw new InvalidOperationException($"Unexpected result {other.GetType().Name}."),
            };
        }
        catch (NotFoundException e)
        {
            return new NotFoundProblem(DomainProblems.For(e)!);
        }
    }

    /// <summary>Two success results (a 200 and a 202), or the 404 or 409.</summary>
    public static async Task<Results<T1, T2, NotFoundProblem, ConflictProblem>> OrNotFoundOrConflict<T1, T2>(
        Func<Task<Results<T1, T2>>> work)
        where T1 : IResult
        where T2 : IResult
    {
        try
        {
            return (await work()).Result switch
            {
                T1 first => first,
                T2 second => second,
                var other => throw new InvalidOperationException($"Unexpected result {other.GetType().Name}."),
            };
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
