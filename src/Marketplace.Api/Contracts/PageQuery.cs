using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Contracts;

/// <summary>
/// <c>skip</c>/<c>limit</c> of a list, bound with <c>[AsParameters]</c>; out-of-range values are a 400, not a clamp.
/// Properties rather than a primary constructor: the OpenAPI generator of ASP.NET Core 10 fails on validation
/// attributes placed on the constructor parameters of an <c>[AsParameters]</c> type.
/// </summary>
public sealed record PageQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    [FromQuery(Name = "skip"), Description("Items to pass over (default 0).")]
    [Range(0, int.MaxValue, ErrorMessage = "skip must be 0 or more.")]
    public int? Skip { get; init; }

    [FromQuery(Name = "limit"), Description("Items per page, 1 to 500 (default 50).")]
    [Range(1, MaxLimit, ErrorMessage = "limit must be between 1 and 500.")]
    public int? Limit { get; init; }

    public int Offset => Skip ?? 0;

    public int Count => Limit ?? DefaultLimit;

    /// <summary>This page of <paramref name="items"/>, cut from <paramref name="total"/>.</summary>
    public PagedResponse<T> Of<T>(IReadOnlyList<T> items, int total) => new(items, total, Offset, Count);
}
