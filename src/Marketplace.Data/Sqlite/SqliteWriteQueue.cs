using Marketplace.Data.Diagnostics;
using Marketplace.Data.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// One first-come, first-served line for the writers of every process on one SQLite file, in front of
/// <c>BEGIN IMMEDIATE</c> (the protocol is <see cref="WriteQueueFile"/>'s). Only the holder of this process's write gate
/// stands in it, so the gate keeps its order and its priority for interactive units, and the process has at most one
/// place in the line. The uncontended path takes a few system calls on the caller's thread; a writer whose turn has not
/// come awaits a task while the <see cref="LineWaiter"/> thread blocks in the kernel for it.
/// <para>
/// The line only orders writers; SQLite's lock still keeps them apart. A writer that cannot stand in line (the file cannot
/// be opened or locked, or its turn has not come within <c>Database:BusyTimeoutMs</c>) goes to <c>BEGIN IMMEDIATE</c> and
/// SQLite's busy wait, the last safety net, as every writer did before the queue.
/// </para>
/// </summary>
internal sealed class SqliteWriteQueue : IDisposable
{
    private readonly Lazy<WriteQueueFile?> _file;
    private readonly SemaphoreSlim _place = new(1, 1); // this process's one place in the line
    private readonly LineWaiter _waiter = new();
    private readonly TimeSpan _patience;
    private readonly DataMetrics _metrics;
    private readonly ILogger<SqliteWriteQueue> _logger;
    private long _ticket; // the ticket of the writer holding the turn, while one does
    private bool _lent; // the turn is held for the next holder of the write gate (only gate holders touch it)
    private volatile bool _disposed;

    public SqliteWriteQueue(IOptions<DatabaseOptions> options, ContentRoot contentRoot, DataMetrics metrics, ILogger<SqliteWriteQueue> logger)
    {
        var settings = options.Value;
        _patience = TimeSpan.FromMilliseconds(settings.BusyTimeoutMs);
        _metrics = metrics;
        _logger = logger;
        _file = new Lazy<WriteQueueFile?>(() => settings.WriteQueueEnabled
            ? Open(SqliteConnectionStrings.FilePath(settings.ConnectionString, contentRoot.Path) + "-queue")
            : null);
    }

    /// <summary>
    /// Waits for this writer's turn. True: it holds the turn and calls <see cref="Leave"/> once it has committed or rolled
    /// back. False: the queue is off, or the writer goes without a turn (see the remarks above); nothing to leave.
    /// </summary>
    public async Task<bool> EnterAsync(CancellationToken cancellationToken)
    {
        if (_disposed || _file.Value is not { } file)
        {
            return false;
        }

        if (_lent)
        {
            _lent = false; // the turn a bulk writer of this process stepped back from: no wait at all
            return true;
        }

        if (!_place.Wait(0, CancellationToken.None))
        {
            // This process's last ticket is still in line for a writer that gave up: the line is stuck or slow, and this
            // writer does what every writer did before the queue rather than wait behind it again.
            _metrics.RecordQueueBypass();
            return false;
        }

        LineRequest request;
        long? drawn = null;
        try
        {
            drawn = file.TryDraw();
            if (drawn is { } ticket && file.HasTurn(ticket))
            {
                _ticket = ticket;
                return true;
            }

            request = new LineRequest(drawn);
        }
        catch (IOException ex)
        {
            Release(file, drawn);
            return Bypass(ex);
        }

        _waiter.Post(() => Serve(file, request));
        try
        {
            _ticket = await request.Turn.WaitAsync(_patience, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (!request.Turn.IsFaulted)
        {
            if (request.Abandon() == LineRequest.Granted)
            {
                _ticket = request.Turn.Result; // granted as this writer gave up: leave at once
                Leave();
            }

            throw;
        }
        catch (TimeoutException ex)
        {
            if (request.Abandon() != LineRequest.Granted)
            {
                return Bypass(ex); // the thread stays in line for the ticket and leaves when its turn comes
            }

            _ticket = request.Turn.Result; // granted as this writer gave up: it holds the turn
            return true;
        }
        catch (Exception ex) when (request.Turn.IsFaulted)
        {
            return Bypass(ex); // standing in line failed; the thread has left the line
        }
    }

    /// <summary>Leaves the line after a turn <see cref="EnterAsync"/> gave: the next writer's turn begins.</summary>
    public void Leave() => Release(_file.Value!, _ticket);

    /// <summary>
    /// Keeps the turn <see cref="EnterAsync"/> gave for the next holder of this process's write gate (a bulk writer makes
    /// way for an interactive one): that holder's <see cref="EnterAsync"/> takes it without waiting.
    /// </summary>
    public void Lend() => _lent = true;

    /// <summary>Leaves the line if a lent turn was not taken (its borrower failed before it asked for a turn).</summary>
    public void ReturnLent()
    {
        if (_lent)
        {
            _lent = false;
            Leave();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _waiter.Dispose();
        if (_file.IsValueCreated)
        {
            _file.Value?.Dispose();
        }
    }

    /// <summary>On the waiter thread: draws a ticket if the writer could not, and blocks until the writer before it leaves.</summary>
    private void Serve(WriteQueueFile file, LineRequest request)
    {
        var ticket = request.Ticket;
        try
        {
            if (ticket is null && request.IsAbandoned)
            {
                Release(file, null); // gave up before it had a ticket: nothing in line to keep
                return;
            }

            // A ticket waits for its turn even when its writer gave up, so the writers behind keep their order.
            ticket ??= file.Draw();
            file.WaitForTurn(ticket.Value);
            if (request.TryGrant(ticket.Value))
            {
                return;
            }
        }
        catch (Exception ex)
        {
            request.Fail(ex);
        }

        Release(file, ticket); // the writer gave up, or standing in line failed: leave the line for it
    }

    private void Release(WriteQueueFile file, long? ticket)
    {
        try
        {
            if (ticket is { } held)
            {
                file.Leave(held);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Log.WriteQueueFailed(_logger, ex.Message); // the place frees when the file closes
        }
        finally
        {
            _place.Release();
        }
    }

    private bool Bypass(Exception reason)
    {
        _metrics.RecordQueueBypass();
        if (reason is TimeoutException)
        {
            Log.WriteQueueTimedOut(_logger, _patience.TotalMilliseconds);
        }
        else
        {
            Log.WriteQueueFailed(_logger, reason.Message);
        }

        return false;
    }

    private WriteQueueFile? Open(string path)
    {
        try
        {
            return WriteQueueFile.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.WriteQueueUnavailable(_logger, path, ex.Message);
            return null;
        }
    }
}
