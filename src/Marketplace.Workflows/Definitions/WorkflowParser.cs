using Marketplace.Data;
using Marketplace.Workflows.Handlers;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;
using static Marketplace.Workflows.Definitions.YamlFields;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// Parses and validates a workflow document (DESIGN §6). Every problem is collected and reported at once as a
/// <see cref="RequestValidationException"/> keyed by its field path; a definition that parses is safe to run.
/// The document is checked against <see cref="WorkflowLimits"/> before anything recursive reads it
/// (<see cref="YamlLoader"/>); stages are read by <see cref="StageReader"/>, their order by <see cref="DependencyGraph"/>,
/// and the expressions' references by <see cref="ReferenceCheck"/>.
/// </summary>
public sealed class WorkflowParser
{
    private readonly WorkflowLimits _limits;
    private readonly StageReader _stages;

    public WorkflowParser(StageHandlerRegistry handlers, IOptions<WorkflowLimits> limits)
    {
        _limits = limits.Value;
        _stages = new StageReader(handlers, Expressions.ExpressionLimits.From(_limits));
    }

    public WorkflowDefinition Parse(string? yaml)
    {
        var root = YamlLoader.Load(yaml, _limits);
        var errors = new DefinitionErrors();
        Keys(root, "", errors, "workflow", "config", "stages");
        var header = Map(root, "workflow", "workflow", errors, required: true);
        Keys(header, "workflow", errors, "id", "name", "version", "description");
        var id = Text(header, "id", "workflow.id", errors, required: true, Patterns.Slug(),
            "lowercase letters, digits, '.', '_' or '-' (at most 100)");
        var name = Text(header, "name", "workflow.name", errors, required: true, maxLength: 200);
        var version = Text(header, "version", "workflow.version", errors, required: true, maxLength: 64);

        var config = Map(root, "config", "config", errors, required: false);
        Keys(config, "config", errors, "parameters");
        var parameters = ParameterReader.Read(Map(config, "parameters", "config.parameters", errors, required: false), errors);

        var stages = Stages(root, parameters, errors);
        if (errors.Any)
        {
            throw errors.ToException();
        }

        return new WorkflowDefinition(id!, name!, version!, parameters, stages);
    }

    private List<StageDefinition> Stages(YamlMappingNode root, Dictionary<string, ParameterDefinition> parameters, DefinitionErrors errors)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("stages"), out var node)
            || node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            errors.Add("stages", "At least one stage is required (a sequence under 'stages').");
            return [];
        }

        if (list.Children.Count > _limits.MaxStages)
        {
            errors.Add("stages", $"At most {_limits.MaxStages} stages (limit {WorkflowLimits.Section}:{nameof(_limits.MaxStages)}).");
            return [];
        }

        var drafts = new List<StageDraft>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (_stages.Read(list.Children[i], $"stages[{i}]", errors) is { } draft)
            {
                drafts.Add(draft);
            }
        }

        var graph = DependencyGraph.Build(drafts, errors);
        foreach (var draft in drafts)
        {
            ReferenceCheck.Check(draft, parameters, graph?.Ancestors(draft.Id), _stages.Expressions, errors);
        }

        return graph is null ? [] : [.. drafts.Select(d => d.ToStage(graph.Level(d.Id)))];
    }
}
