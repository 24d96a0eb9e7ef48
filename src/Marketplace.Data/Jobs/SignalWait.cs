namespace Marketplace.Data.Jobs;

/// <summary>
/// A wait on one of <see cref="JobSignals"/>: <see cref="Task"/> completes when it fires; dispose it when done waiting.
/// </summary>
public sealed class SignalWait : IDisposable
{
    private Action? _release;

    internal SignalWait(Task task, Action release)
    {
        Task = task;
        _release = release;
    }

    public Task Task { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
