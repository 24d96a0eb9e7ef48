namespace Marketplace.Workflows.Definitions;

/// <summary>A parsed, validated workflow document (DESIGN §6). Immutable; shared by every execution of one hash.</summary>
public sealed record WorkflowDefinition(
    string Id,
    string Name,
    string Version,
    IReadOnlyDictionary<string, ParameterDefinition> Parameters,
    IReadOnlyList<StageDefinition> Stages)
{
    private readonly Dictionary<string, StageDefinition> _byId = Stages.ToDictionary(s => s.Id, StringComparer.Ordinal);

    public StageDefinition Stage(string id) => _byId[id];

    /// <summary>Stage ids by level: a stage's level is one more than its deepest dependency's.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Levels() =>
        [.. Stages.GroupBy(s => s.Level).OrderBy(g => g.Key).Select(g => (IReadOnlyList<string>)[.. g.Select(s => s.Id)])];

    /// <summary>Every stage that depends on <paramref name="stageId"/>, directly or not.</summary>
    public IReadOnlySet<string> Dependents(string stageId)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([stageId]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var stage in Stages.Where(s => s.DependsOn.Contains(current) && found.Add(s.Id)))
            {
                queue.Enqueue(stage.Id);
            }
        }

        return found;
    }
}
