namespace Marketplace.Workflows.Definitions;

/// <summary>Every problem found in a definition, keyed by the field path (<c>stages[1].depends_on[0]</c>).</summary>
internal sealed class DefinitionErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    public Data.RequestValidationException ToException() => new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
