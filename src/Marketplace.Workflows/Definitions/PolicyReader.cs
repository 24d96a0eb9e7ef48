using YamlDotNet.RepresentationModel;
using static Marketplace.Workflows.Definitions.YamlFields;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// Reads a stage's <c>error_policy</c> and a gate stage's <c>gate</c>. Durations that become timers (timeout, retry
/// intervals) are bounded by <see cref="Durations.MaxTimer"/>, a gate's deadline by <see cref="Durations.MaxDeadline"/>.
/// </summary>
internal static class PolicyReader
{
    public static ErrorPolicy ErrorPolicy(YamlMappingNode? map, string path, DefinitionErrors errors)
    {
        if (map is null)
        {
            return Definitions.ErrorPolicy.Default;
        }

        Keys(map, path, errors, "retry", "on_failure", "timeout");
        var retryMap = Map(map, "retry", $"{path}.retry", errors, required: false);
        var retry = retryMap is null ? RetryPolicy.None : Retry(retryMap, $"{path}.retry", errors);
        var onFailure = Text(map, "on_failure", $"{path}.on_failure", errors, required: false) switch
        {
            null or "halt" => FailureAction.Halt,
            "continue" => FailureAction.Continue,
            "skip_dependents" => FailureAction.SkipDependents,
            var other => Invalid($"{path}.on_failure", $"Unknown on_failure '{other}'; use halt, continue or skip_dependents."),
        };
        return new ErrorPolicy(retry, onFailure, Duration(map, "timeout", $"{path}.timeout", errors, Durations.MaxTimer));

        FailureAction Invalid(string at, string message)
        {
            errors.Add(at, message);
            return FailureAction.Halt;
        }
    }

    public static GateDefinition Gate(YamlMappingNode? map, string path, DefinitionErrors errors)
    {
        if (map is null)
        {
            return GateDefinition.Default;
        }

        Keys(map, path, errors, "kind", "timeout", "on_timeout");
        var kind = Text(map, "kind", $"{path}.kind", errors, required: false) ?? GateDefinition.Default.Kind;
        if (kind != GateDefinition.Default.Kind)
        {
            errors.Add($"{path}.kind", $"Unknown gate kind '{kind}'; the only kind is {GateDefinition.Default.Kind}.");
        }

        var onTimeout = Text(map, "on_timeout", $"{path}.on_timeout", errors, required: false);
        if (onTimeout is not (null or "reject" or "approve"))
        {
            errors.Add($"{path}.on_timeout", $"Unknown on_timeout '{onTimeout}'; use reject or approve.");
        }

        var timeout = Duration(map, "timeout", $"{path}.timeout", errors, Durations.MaxDeadline);
        return new GateDefinition(kind, timeout, onTimeout == "approve" ? GateTimeoutAction.Approve : GateTimeoutAction.Reject);
    }

    private static RetryPolicy Retry(YamlMappingNode map, string path, DefinitionErrors errors)
    {
        Keys(map, path, errors, "max_attempts", "initial_interval", "backoff_multiplier", "max_interval");
        var attempts = Number(map, "max_attempts", $"{path}.max_attempts", errors, 1, 100, whole: true) ?? 1;
        var initial = Duration(map, "initial_interval", $"{path}.initial_interval", errors, Durations.MaxTimer)
            ?? RetryPolicy.None.InitialInterval;
        var multiplier = Number(map, "backoff_multiplier", $"{path}.backoff_multiplier", errors, 1, 100) ?? 2;
        var max = Duration(map, "max_interval", $"{path}.max_interval", errors, Durations.MaxTimer)
            ?? TimeSpan.FromTicks(Math.Max(initial.Ticks, RetryPolicy.None.MaxInterval.Ticks));
        if (max < initial)
        {
            errors.Add($"{path}.max_interval", "max_interval must not be shorter than initial_interval.");
        }

        return new RetryPolicy((int)attempts, initial, multiplier, max);
    }
}
