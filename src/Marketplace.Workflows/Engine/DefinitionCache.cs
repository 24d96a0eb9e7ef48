using System.Collections.Concurrent;
using Marketplace.Workflows.Definitions;

namespace Marketplace.Workflows.Engine;

/// <summary>Parsed snapshots by definition hash: a thousand executions of one workflow parse its YAML once.</summary>
public sealed class DefinitionCache(WorkflowParser parser)
{
    private readonly ConcurrentDictionary<string, WorkflowDefinition> _parsed = new(StringComparer.Ordinal);

    public WorkflowDefinition Get(string hash, string yaml) => _parsed.GetOrAdd(hash, _ => parser.Parse(yaml));
}
