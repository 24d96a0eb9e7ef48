using System.Collections.Concurrent;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The imports this process is running right now. A job's lease in the database says which process holds it; this
/// says whether that process still works on it. When a run fails and cannot even mark its job interrupted (a full
/// disk), its lease stays in the database until it expires — but this process knows it let go, so a retry here
/// claims the job at once instead of answering 409 for the rest of the lease.
/// </summary>
public sealed class ImportLeases
{
    private readonly ConcurrentDictionary<Guid, byte> _running = new();

    /// <summary>False when this process is already running the job.</summary>
    internal bool TryBegin(Guid jobId) => _running.TryAdd(jobId, 0);

    internal void End(Guid jobId) => _running.TryRemove(jobId, out _);

    internal int Count => _running.Count;
}
