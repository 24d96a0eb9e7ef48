using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Data;
using Marketplace.Workflows.Handlers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static Marketplace.Workflows.Definitions.YamlFields;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// Parses and validates a workflow document (DESIGN §6). Every problem is collected and reported at once as a
/// <see cref="RequestValidationException"/> keyed by its field path; a definition that parses is safe to run.
/// </summary>
public sealed partial class WorkflowParser(StageHandlerRegistry handlers)
{
    public const int MaxLength = 1024 * 1024;
    private const int MaxStages = 200;
    private const int MaxValues = 100_000;

    public WorkflowDefinition Parse(string? yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            throw new RequestValidationException("yaml", "A workflow definition (YAML) is required.");
        }

        if (yaml.Length > MaxLength)
        {
            throw new RequestValidationException("yaml", $"The definition is longer than {MaxLength} characters.");
        }

        var root = Load(yaml);
        var errors = new DefinitionErrors();
        var budget = MaxValues;
        Keys(root, "", errors, "workflow", "config", "stages");
        var header = Map(root, "workflow", "workflow", errors, required: true);
        Keys(header, "workflow", errors, "id", "name", "version", "description");
        var id = Text(header, "id", "workflow.id", errors, required: true, Slug(), "lowercase letters, digits, '.', '_' or '-' (at most 100)");
        var name = Text(header, "name", "workflow.name", errors, required: true, maxLength: 200);
        var version = Text(header, "version", "workflow.version", errors, required: true, maxLength: 64);

        var config = Map(root, "config", "config", errors, required: false);
        Keys(config, "config", errors, "parameters");
        var parameters = Parameters(Map(config, "parameters", "config.parameters", errors, required: false), errors, ref budget);

        var stages = Stages(root, parameters, errors, ref budget);
        if (errors.Any)
        {
            throw errors.ToException();
        }

        return new WorkflowDefinition(id!, name!, version!, parameters, stages);
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new RequestValidationException("yaml", $"Not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }

        return stream.Documents is [{ RootNode: YamlMappingNode root }]
            ? root
            : throw new RequestValidationException("yaml", "The definition must be one YAML document whose top level is a mapping.");
    }

    private static Dictionary<string, ParameterDefinition> Parameters(YamlMappingNode? map, DefinitionErrors errors, ref int budget)
    {
        var result = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = $"config.parameters.{key}";
            if (!Identifier().IsMatch(key))
            {
                errors.Add(path, "A parameter name is a letter or '_' followed by letters, digits or '_'.");
                continue;
            }

            if (value is not YamlMappingNode spec)
            {
                errors.Add(path, "A parameter is a mapping with 'type', 'required' and 'default'.");
                continue;
            }

            Keys(spec, path, errors, "type", "required", "default", "description");
            var type = Text(spec, "type", $"{path}.type", errors, required: false) ?? "string";
            if (!ParameterDefinition.Types.Contains(type))
            {
                errors.Add($"{path}.type", $"Unknown parameter type '{type}'; use one of {string.Join(", ", ParameterDefinition.Types)}.");
            }

            var required = Bool(spec, "required", $"{path}.required", errors) ?? false;
            var fallback = spec.Children.TryGetValue(new YamlScalarNode("default"), out var d) ? Json(d, $"{path}.default", errors, ref budget) : null;
            var parameter = new ParameterDefinition(type, required, fallback);
            if (fallback is not null && !parameter.Accepts(fallback))
            {
                errors.Add($"{path}.default", $"The default is not a {type}.");
            }

            result[key] = parameter;
        }

        return result;
    }

    private List<StageDefinition> Stages(YamlMappingNode root, Dictionary<string, ParameterDefinition> parameters, DefinitionErrors errors, ref int budget)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("stages"), out var node) || node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            errors.Add("stages", "At least one stage is required (a sequence under 'stages').");
            return [];
        }

        if (list.Children.Count > MaxStages)
        {
            errors.Add("stages", $"At most {MaxStages} stages.");
            return [];
        }

        var drafts = new List<StageDraft>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (Stage(list.Children[i], $"stages[{i}]", errors, ref budget) is { } draft)
            {
                drafts.Add(draft);
            }
        }

        var ids = drafts.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var duplicate in drafts.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
        {
            errors.Add($"{duplicate.Path}.id", $"Stage id '{duplicate.Id}' is used more than once.");
        }

        foreach (var draft in drafts)
        {
            for (var j = 0; j < draft.DependsOn.Count; j++)
            {
                var dependency = draft.DependsOn[j];
                if (dependency == draft.Id)
                {
                    errors.Add($"{draft.Path}.depends_on[{j}]", "A stage cannot depend on itself.");
                }
                else if (!ids.ContainsKey(dependency))
                {
                    errors.Add($"{draft.Path}.depends_on[{j}]", $"No stage has the id '{dependency}'.");
                }
            }
        }

        var levels = errors.Any ? null : Levels(drafts, ids, errors);
        foreach (var draft in drafts)
        {
            CheckExpressions(draft, parameters, levels is null ? null : Ancestors(draft.Id, ids), errors);
        }

        return levels is null ? [] : [.. drafts.Select(d => d.ToStage(levels[d.Id]))];
    }

    private StageDraft? Stage(YamlNode node, string path, DefinitionErrors errors, ref int budget)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add(path, "A stage is a mapping with at least 'id' and 'type'.");
            return null;
        }

        Keys(map, path, errors, "id", "name", "type", "depends_on", "inputs", "error_policy", "gate", "condition", "cache", "description");
        var id = Text(map, "id", $"{path}.id", errors, required: true, StageId(), "lowercase letters, digits, '_' or '-' (at most 100)");
        var type = Text(map, "type", $"{path}.type", errors, required: true, maxLength: 100);
        var name = Text(map, "name", $"{path}.name", errors, required: false, maxLength: 200) ?? id;
        var dependsOn = Strings(map, "depends_on", $"{path}.depends_on", errors);
        if (dependsOn.Distinct(StringComparer.Ordinal).Count() != dependsOn.Count)
        {
            errors.Add($"{path}.depends_on", "A dependency is listed more than once.");
        }

        var inputs = new JsonObject();
        if (map.Children.TryGetValue(new YamlScalarNode("inputs"), out var inputsNode))
        {
            if (Json(inputsNode, $"{path}.inputs", errors, ref budget) is JsonObject o)
            {
                inputs = o;
            }
            else
            {
                errors.Add($"{path}.inputs", "Inputs are a mapping of names to values.");
            }
        }

        if (type is not null)
        {
            if (!handlers.TryGet(type, out var handler))
            {
                errors.Add($"{path}.type", $"Unknown stage type '{type}'; known types: {string.Join(", ", handlers.Types)}.");
            }
            else
            {
                foreach (var missing in handler.RequiredInputs.Where(r => !inputs.ContainsKey(r)))
                {
                    errors.Add($"{path}.inputs.{missing}", $"Stage type '{type}' requires the input '{missing}'.");
                }
            }
        }

        var policy = Policy(Map(map, "error_policy", $"{path}.error_policy", errors, required: false), $"{path}.error_policy", errors);
        var gateMap = Map(map, "gate", $"{path}.gate", errors, required: false);
        if (gateMap is not null && type != GateStageHandler.TypeName)
        {
            errors.Add($"{path}.gate", $"Only stages of type '{GateStageHandler.TypeName}' take a gate.");
        }

        var gate = type == GateStageHandler.TypeName ? Gate(gateMap, $"{path}.gate", errors) : null;
        var condition = Text(map, "condition", $"{path}.condition", errors, required: false, maxLength: 2000);
        if (condition is not null && !Expressions.Template.IsSingleExpression(condition.Trim(), out _))
        {
            errors.Add($"{path}.condition", "A condition is one expression: ${{ … }}.");
        }

        var cache = Bool(map, "cache", $"{path}.cache", errors) ?? false;
        return id is null ? null : new StageDraft(path, id, name ?? id, type ?? "", dependsOn, inputs, policy, gate, condition?.Trim(), cache);
    }

    private static ErrorPolicy Policy(YamlMappingNode? map, string path, DefinitionErrors errors)
    {
        if (map is null)
        {
            return ErrorPolicy.Default;
        }

        Keys(map, path, errors, "retry", "on_failure", "timeout");
        var retry = RetryPolicy.None;
        if (Map(map, "retry", $"{path}.retry", errors, required: false) is { } r)
        {
            var retryPath = $"{path}.retry";
            Keys(r, retryPath, errors, "max_attempts", "initial_interval", "backoff_multiplier", "max_interval");
            var attempts = Number(r, "max_attempts", $"{retryPath}.max_attempts", errors, 1, 100) ?? 1;
            var initial = Duration(r, "initial_interval", $"{retryPath}.initial_interval", errors) ?? RetryPolicy.None.InitialInterval;
            var multiplier = Number(r, "backoff_multiplier", $"{retryPath}.backoff_multiplier", errors, 1, 100) ?? 2;
            var max = Duration(r, "max_interval", $"{retryPath}.max_interval", errors) ?? TimeSpan.FromTicks(Math.Max(initial.Ticks, RetryPolicy.None.MaxInterval.Ticks));
            if (max < initial)
            {
                errors.Add($"{retryPath}.max_interval", "max_interval must not be shorter than initial_interval.");
            }

            retry = new RetryPolicy((int)attempts, initial, multiplier, max);
        }

        var onFailure = Text(map, "on_failure", $"{path}.on_failure", errors, required: false) switch
        {
            null or "halt" => FailureAction.Halt,
            "continue" => FailureAction.Continue,
            "skip_dependents" => FailureAction.SkipDependents,
            var other => Invalid($"{path}.on_failure", $"Unknown on_failure '{other}'; use halt, continue or skip_dependents."),
        };
        return new ErrorPolicy(retry, onFailure, Duration(map, "timeout", $"{path}.timeout", errors));

        FailureAction Invalid(string at, string message)
        {
            errors.Add(at, message);
            return FailureAction.Halt;
        }
    }

    private static GateDefinition Gate(YamlMappingNode? map, string path, DefinitionErrors errors)
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

        return new GateDefinition(kind, Duration(map, "timeout", $"{path}.timeout", errors), onTimeout == "approve" ? GateTimeoutAction.Approve : GateTimeoutAction.Reject);
    }

    private static Dictionary<string, int>? Levels(List<StageDraft> drafts, Dictionary<string, StageDraft> ids, DefinitionErrors errors)
    {
        // Kahn's algorithm; whatever is left unvisited sits on or behind a cycle.
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = drafts.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(id => ids[id].DependsOn.All(levels.ContainsKey)).ToList();
            if (ready.Count == 0)
            {
                var cycle = FindCycle(remaining, ids);
                errors.Add($"{ids[cycle[0]].Path}.depends_on", $"Stages form a cycle: {string.Join(" → ", cycle.Append(cycle[0]))}.");
                return null;
            }

            foreach (var id in ready)
            {
                levels[id] = ids[id].DependsOn.Select(d => levels[d] + 1).DefaultIfEmpty(0).Max();
                remaining.Remove(id);
            }
        }

        return levels;
    }

    private static List<string> FindCycle(HashSet<string> remaining, Dictionary<string, StageDraft> ids)
    {
        // Every remaining stage has a remaining dependency, so walking dependencies must revisit one.
        var path = new List<string>();
        var current = remaining.Order(StringComparer.Ordinal).First();
        while (!path.Contains(current))
        {
            path.Add(current);
            current = ids[current].DependsOn.First(remaining.Contains);
        }

        var cycle = path[path.IndexOf(current)..];
        cycle.Reverse(); // read as "a → b": a is needed by b
        return cycle;
    }

    private static HashSet<string> Ancestors(string id, Dictionary<string, StageDraft> ids)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(ids[id].DependsOn);
        while (queue.TryDequeue(out var current))
        {
            if (found.Add(current))
            {
                foreach (var next in ids[current].DependsOn)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return found;
    }

    private static void CheckExpressions(StageDraft draft, Dictionary<string, ParameterDefinition> parameters, HashSet<string>? ancestors, DefinitionErrors errors)
    {
        var texts = TextValues(draft.Inputs, $"{draft.Path}.inputs").ToList();
        if (draft.Condition is not null)
        {
            texts.Add(($"{draft.Path}.condition", draft.Condition));
        }

        foreach (var (path, text) in texts)
        {
            foreach (var (expression, parsed, error) in Expressions.Template.Expressions(text))
            {
                if (parsed is null)
                {
                    errors.Add(path, $"Not a valid expression: {error}");
                    continue;
                }

                foreach (var reference in parsed.Paths())
                {
                    if (reference[0] == "parameters" && (reference.Count < 2 || !parameters.ContainsKey(reference[1])))
                    {
                        errors.Add(path, $"'{expression}' names a parameter that is not declared under config.parameters.");
                    }
                    else if (reference[0] == "stages" && (reference.Count < 3 || reference[2] is not ("outputs" or "status")))
                    {
                        errors.Add(path, $"'{expression}': use stages.<id>.outputs.<name> or stages.<id>.status.");
                    }
                    else if (reference[0] == "stages" && ancestors is not null && !ancestors.Contains(reference[1]))
                    {
                        errors.Add(path, $"'{expression}' reads stage '{reference[1]}', which this stage does not depend on.");
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Path, string Text)> TextValues(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => TextValues(p.Value, $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => TextValues(item, $"{path}[{i}]")),
        JsonValue v when v.TryGetValue<string>(out var s) => [(path, s)],
        _ => [],
    };

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex Slug();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex StageId();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex Identifier();

    private sealed record StageDraft(string Path, string Id, string Name, string Type, List<string> DependsOn, JsonObject Inputs, ErrorPolicy Policy, GateDefinition? Gate, string? Condition, bool Cache)
    {
        public StageDefinition ToStage(int level) => new(Id, Name, Type, DependsOn, Inputs, Policy, Gate, Condition, Cache, level);
    }
}
