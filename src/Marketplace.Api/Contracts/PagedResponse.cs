namespace Marketplace.Api.Contracts;

/// <summary>One page of a list, with the total it was cut from.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Total, int Skip, int Limit);
