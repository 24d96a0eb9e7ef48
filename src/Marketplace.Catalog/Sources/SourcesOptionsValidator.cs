using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources;

/// <summary>Checks <see cref="SourcesOptions"/> and its nested limits at once, reporting every failure.</summary>
internal sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var failures = new List<string>();
        foreach (var part in new object?[] { options, options.FrontMatter, options.Json })
        {
            if (part is null)
            {
                continue;
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(part, new ValidationContext(part), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => r.ErrorMessage ?? "invalid"));
        }

        if (options.FrontMatter is null || options.Json is null)
        {
            failures.Add("Sources:FrontMatter and Sources:Json must be sections, not values.");
        }

        if (options.MaxFileBytes > options.MaxBytesPerArtifact)
        {
            failures.Add("Sources:MaxFileBytes must not exceed Sources:MaxBytesPerArtifact.");
        }

        if (options.AllowedRoots.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Sources:AllowedRoots must not hold an empty path.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
