namespace Marketplace.Workflows.Definitions;

/// <summary>
/// The stages' <c>depends_on</c> as a graph: ids unique, every dependency a known other stage, no cycle; each stage's
/// level (one more than its deepest dependency's) and the stages upstream of it.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, StageDraft> _ids;
    private readonly Dictionary<string, int> _levels;

    private DependencyGraph(Dictionary<string, StageDraft> ids, Dictionary<string, int> levels)
    {
        _ids = ids;
        _levels = levels;
    }

    /// <summary>The graph, or null when the document has errors (these, or any found before) and levels mean nothing.</summary>
    public static DependencyGraph? Build(List<StageDraft> drafts, DefinitionErrors errors)
    {
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
        return levels is null ? null : new DependencyGraph(ids, levels);
    }

    public int Level(string id) => _levels[id];

    /// <summary>Every stage <paramref name="id"/> depends on, directly or not.</summary>
    public HashSet<string> Ancestors(string id)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(_ids[id].DependsOn);
        while (queue.TryDequeue(out var current))
        {
            if (found.Add(current))
            {
                foreach (var next in _ids[current].DependsOn)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return found;
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
}
