using System.Collections.Concurrent;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// The one thread of a <see cref="SqliteWriteQueue"/> that blocks in the kernel while a writer of this process waits for
/// its turn; the writer itself awaits a task, so no thread-pool thread ever blocks in a file lock. A process has at most
/// one writer in line per database, so one thread is enough. Started on first use, and a background thread, so it never
/// keeps the process alive.
/// </summary>
internal sealed class LineWaiter : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Lock _lock = new();
    private Thread? _thread;

    public void Post(Action work)
    {
        lock (_lock)
        {
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "SQLite write queue" };
                _thread.Start();
            }
        }

        _work.Add(work);
    }

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    // The collection is not disposed: the thread may still be reading it, and it ends on CompleteAdding.
    public void Dispose() => _work.CompleteAdding();
}
