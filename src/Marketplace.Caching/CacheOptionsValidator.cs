using Microsoft.Extensions.Options;

namespace Marketplace.Caching;

/// <summary>Cross-field rules of <see cref="CacheOptions"/>; reports every failure at once.</summary>
internal sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFileBytes > 0 && options.MaxFileBytes < options.MaxWalBytes + (1L << 20))
        {
            failures.Add($"Cache:MaxFileBytes ({options.MaxFileBytes}) must leave at least 1 MiB beside Cache:MaxWalBytes "
                + $"({options.MaxWalBytes}), which it includes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
