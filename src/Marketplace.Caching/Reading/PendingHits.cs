using System.Collections.Concurrent;

namespace Marketplace.Caching;

/// <summary>
/// Hits recorded in memory (key → latest access, UTC ticks) until a flush writes them. A flush takes a snapshot and
/// forgets a hit only after its commit, and only if no later hit replaced it — so a read during a flush still sees
/// the access that keeps a sliding entry alive, whichever side of the commit it lands on.
/// </summary>
internal sealed class PendingHits
{
    private readonly ConcurrentDictionary<string, long> _hits = new(StringComparer.Ordinal);

    public int Count => _hits.Count;

    public long? Get(string key) => _hits.TryGetValue(key, out var at) ? at : null;

    public void Record(string key, long at) => _hits.AddOrUpdate(key, at, (_, old) => Math.Max(old, at));

    public KeyValuePair<string, long>[] Snapshot() => _hits.ToArray();

    /// <summary>Forgets the given hits that are still the latest for their keys (a newer one stays for the next flush).</summary>
    public void Forget(IEnumerable<KeyValuePair<string, long>> written)
    {
        foreach (var hit in written)
        {
            _hits.TryRemove(hit);
        }
    }
}
