using Microsoft.Extensions.Options;

namespace Marketplace.Workflows;

/// <summary>The cross-field rules of <see cref="WorkflowOptions"/>, every failure reported at once.</summary>
internal sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        var failures = new List<string>();
        if (options.RunFailureMaxDelay < options.RunFailureDelay)
        {
            failures.Add("Workflows:RunFailureMaxDelay must not be shorter than Workflows:RunFailureDelay.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
