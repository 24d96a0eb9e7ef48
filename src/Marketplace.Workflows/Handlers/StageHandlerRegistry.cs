using System.Diagnostics.CodeAnalysis;

namespace Marketplace.Workflows.Handlers;

/// <summary>The registered handlers by stage type; two handlers for one type fail at start-up.</summary>
public sealed class StageHandlerRegistry
{
    private readonly Dictionary<string, IStageHandler> _handlers;

    public StageHandlerRegistry(IEnumerable<IStageHandler> handlers)
    {
        _handlers = new Dictionary<string, IStageHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Type, handler))
            {
                var first = _handlers[handler.Type].GetType();
                throw new InvalidOperationException(
                    $"Two stage handlers are registered for type '{handler.Type}': {first} and {handler.GetType()}.");
            }
        }
    }

    public IEnumerable<string> Types => _handlers.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string type, [NotNullWhen(true)] out IStageHandler? handler) => _handlers.TryGetValue(type, out handler);
}
