using System.Diagnostics;
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
/// <para>
/// A turn may serve several units of this process in a row: the gate's next holder takes it over while the turn is
/// younger than <see cref="MaxTurnAge"/> and has served fewer than <see cref="MaxUnitsPerTurn"/> units. Short units then
/// do not pay a hand-over between processes each (a wake-up of another process's thread), and no process keeps the
/// others waiting longer than about one turn.
/// </para>
/// </summary>
internal sealed class SqliteWriteQueue : IDisposable
{
    public const int MaxUnitsPerTurn = 8;
    public static readonly TimeSpan MaxTurnAge = TimeSpan.FromMilliseconds(5);

    private const int NoTurn = 0, Held = 1, Lent = 2;

    private readonly Lazy<WriteQueueFile?> _file;
    private readonly SemaphoreSlim _place = new(1, 1); // this process's one place in the line
    private readonly LineWaiter _waiter = new();
    private readonly TimeSpan _patience;
    private readonly DataMetrics _metrics;
    private readonly ILogger<SqliteWriteQueue> _logger;
    // The turn this process holds, if any. Only holders of the process's write gate touch these, one at a time.
    private int _turn;
    private long _ticket;
    private long _turnStarted;
    private int _turnUnits;
    private volatile bool _disposed;

    public SqliteWriteQueue(
        IOptions<DatabaseOptions> options, ContentRoot contentRoot, DataMetrics metrics, ILogger<SqliteWriteQueue> logger)
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
    /// Waits for this writer's turn. True: it holds the turn and, once it has committed or rolled back, passes it on
    /// (<see cref="Lend"/>) or ends it (<see cref="Leave"/>). False: the queue is off, or the writer goes without a turn
    /// (see the remarks above); nothing to leave.
    /// </summary>
    public async Task<bool> EnterAsync(CancellationToken cancellationToken)
    {
        if (_disposed || _file.Value is not { } file)
        {
            return false;
        }

        if (_turn == Lent)
        {
            _turn = Held; // passed on by the gate's last holder: no wait at all
            _turnUnits++;
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
                return StartTurn(ticket);
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
            return StartTurn(await request.Turn.WaitAsync(_patience, cancellationToken));
        }
        catch (OperationCanceledException) when (!request.Turn.IsFaulted)
        {
            if (request.Abandon() == LineRequest.Granted)
            {
                StartTurn(request.Turn.Result); // granted as this writer gave up: leave at once
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

            return StartTurn(request.Turn.Result); // granted as this writer gave up: it holds the turn
        }
        catch (Exception ex) when (request.Turn.IsFaulted)
        {
            return Bypass(ex); // standing in line failed; the thread has left the line
        }
    }

    /// <summary>Whether the turn may serve the gate's next holder too (see the remarks above).</summary>
    public bool MayPassOn => _turn == Held && _turnUnits < MaxUnitsPerTurn && Stopwatch.GetElapsedTime(_turnStarted) < MaxTurnAge;

    /// <summary>
    /// Keeps the turn for the next holder of this process's write gate, whose <see cref="EnterAsync"/> takes it without
    /// waiting: a turn passed on, or a bulk writer making way for an interactive one.
    /// </summary>
    public void Lend() => _turn = Lent;

    /// <summary>Ends this process's turn, held or lent, if it has one: the next writer in line goes.</summary>
    public void Leave()
    {
        if (_turn != NoTurn)
        {
            _turn = NoTurn;
            Release(_file.Value!, _ticket);
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

    private bool StartTurn(long ticket)
    {
        (_turn, _ticket, _turnStarted, _turnUnits) = (Held, ticket, Stopwatch.GetTimestamp(), 1);
        return true;
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
