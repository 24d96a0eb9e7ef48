using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>The cross-field rules of <see cref="ImportOptions"/>, every failure reported at once.</summary>
internal sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        var failures = new List<string>();
        if (options.RunFailureMaxDelay < options.RunFailureDelay)
        {
            failures.Add("Import:RunFailureMaxDelay must not be shorter than Import:RunFailureDelay.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
