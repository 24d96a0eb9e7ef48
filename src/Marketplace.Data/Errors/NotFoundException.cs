namespace Marketplace.Data;

/// <summary>A requested resource does not exist.</summary>
public sealed class NotFoundException(string resource, object id)
    : Exception($"{resource} '{id}' was not found.")
{
    public string Resource { get; } = resource;
    public object Id { get; } = id;
}
