using System.Text.Json.Serialization;

namespace Marketplace.Api.Contracts;

/// <summary>
/// One page of a list, with the total it was cut from. Lists that also page by cursor (the catalog's <c>after</c>) set
/// <see cref="Next"/> when the page is full: the cursor of the page after this one.
/// </summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Total, int Skip, int Limit)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Next { get; init; }
}
