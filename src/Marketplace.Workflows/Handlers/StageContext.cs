using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Handlers;

/// <summary>What a handler gets: which step, which attempt (1-based), and its inputs with expressions resolved.</summary>
public sealed record StageContext(Guid ExecutionId, string StageId, int Attempt, JsonObject Inputs)
{
    /// <summary>An input as text, or a <see cref="StageInputException"/> naming it.</summary>
    public string RequiredText(string name) =>
        Inputs[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new StageInputException(StageId, name, "text");
}
