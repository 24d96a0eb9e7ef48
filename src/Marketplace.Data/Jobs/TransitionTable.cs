using System.Collections.Frozen;

namespace Marketplace.Data.Jobs;

/// <summary>
/// A state machine as data: every allowed <c>(from, trigger) → to</c>. Writers take their conditions from it — an
/// update runs <c>where status in From(trigger)</c> and sets <c>To(from, trigger)</c> — so no status is decided elsewhere.
/// </summary>
public sealed class TransitionTable<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly FrozenDictionary<(TState From, TTrigger Trigger), TState> _to;
    private readonly FrozenDictionary<TTrigger, TState[]> _from;

    public TransitionTable(params (TState From, TTrigger Trigger, TState To)[] transitions)
    {
        _to = transitions.ToFrozenDictionary(t => (t.From, t.Trigger), t => t.To);
        _from = transitions.GroupBy(t => t.Trigger).ToFrozenDictionary(g => g.Key, g => g.Select(t => t.From).Order().ToArray());
        Transitions = transitions;
        Finals = [.. Enum.GetValues<TState>().Where(s => !transitions.Any(t => EqualityComparer<TState>.Default.Equals(t.From, s)))];
    }

    /// <summary>Every transition, as declared.</summary>
    public IReadOnlyList<(TState From, TTrigger Trigger, TState To)> Transitions { get; }

    /// <summary>The states nothing leaves: once there, the record is finished.</summary>
    public IReadOnlyList<TState> Finals { get; }

    public bool IsFinal(TState state) => Finals.Contains(state);

    /// <summary>The states <paramref name="trigger"/> applies in (for a <c>where status in (…)</c>).</summary>
    public TState[] From(TTrigger trigger) => _from.TryGetValue(trigger, out var from) ? from : [];

    public bool Allows(TState from, TTrigger trigger) => _to.ContainsKey((from, trigger));

    /// <summary>Where <paramref name="trigger"/> leads from <paramref name="from"/>; a transition the table lacks is a bug.</summary>
    public TState To(TState from, TTrigger trigger) =>
        _to.TryGetValue((from, trigger), out var to)
            ? to
            : throw new InvalidOperationException($"No transition {typeof(TState).Name}.{from} --{trigger}-->.");

    /// <summary>
    /// Where <paramref name="trigger"/> leads from every state it applies in; a trigger with several targets is a bug here.
    /// </summary>
    public TState To(TTrigger trigger)
    {
        var targets = From(trigger).Select(f => _to[(f, trigger)]).Distinct().ToArray();
        return targets is [var single]
            ? single
            : throw new InvalidOperationException(
                $"{typeof(TTrigger).Name}.{trigger} leads to {targets.Length} states; name the state it starts from.");
    }
}
