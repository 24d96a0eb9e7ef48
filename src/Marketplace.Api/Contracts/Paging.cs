using Marketplace.Data;

namespace Marketplace.Api.Contracts;

/// <summary>Checks <c>skip</c>/<c>limit</c> query values; out-of-range values are a 400, not a clamp.</summary>
internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static (int Skip, int Limit) Validate(int? skip, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (skip < 0)
        {
            errors["skip"] = ["skip must be 0 or more."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : (skip ?? 0, limit ?? DefaultLimit);
    }
}
