using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// The sidecar file of a <see cref="SqliteWriteQueue"/>, <c>&lt;database&gt;-queue</c>: a ticket lock made of kernel file
/// locks (<see cref="FileRegionLocks"/>) in the manner of a CLH queue. Under a short dispenser lock a writer reads the next
/// ticket number from the file, writes it back incremented and locks its ticket's place; it then waits for the place of
/// the ticket before it, which the kernel hands over when that writer leaves or its process dies, and keeps its own place
/// locked until it is done: that is what its successor waits on. Nothing here needs cleaning after a crash: the number only
/// grows, every lock dies with its process, and .NET opens files close-on-exec, so no child process inherits one.
/// </summary>
internal sealed class WriteQueueFile(SafeFileHandle file) : IDisposable
{
    // Offsets of the locked bytes (a lock may lie past the end of the file); the ticket counter is bytes 0-7.
    private const long Dispenser = 1L << 20;
    private const long FirstPlace = 2L << 20;
    private const long Places = 1L << 16; // a ring of places: far more than processes that stand in line at once

    public static WriteQueueFile Open(string path) =>
        new(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete));

    /// <summary>A ticket, or null if another writer holds the dispenser at this moment (for microseconds).</summary>
    public long? TryDraw() => FileRegionLocks.TryLock(file, Dispenser) ? DrawLocked() : null;

    /// <summary>A ticket, waiting for the dispenser if need be (blocks the thread).</summary>
    public long Draw()
    {
        FileRegionLocks.Lock(file, Dispenser);
        return DrawLocked();
    }

    /// <summary>Whether the writer before <paramref name="ticket"/> has left, without waiting.</summary>
    public bool HasTurn(long ticket)
    {
        if (!FileRegionLocks.TryLock(file, Place(ticket - 1)))
        {
            return false;
        }

        FileRegionLocks.Unlock(file, Place(ticket - 1));
        return true;
    }

    /// <summary>Blocks the thread until the writer before <paramref name="ticket"/> has left (or its process died).</summary>
    public void WaitForTurn(long ticket)
    {
        FileRegionLocks.Lock(file, Place(ticket - 1));
        FileRegionLocks.Unlock(file, Place(ticket - 1));
    }

    /// <summary>Frees the place of <paramref name="ticket"/>: the writer after it may go.</summary>
    public void Leave(long ticket) => FileRegionLocks.Unlock(file, Place(ticket));

    /// <summary>The kernel frees every lock still held; a thread blocked on the file keeps it open until its call returns.</summary>
    public void Dispose() => file.Dispose();

    /// <summary>With the dispenser held: reads the next ticket, locks its place, writes the number back incremented.</summary>
    private long DrawLocked()
    {
        try
        {
            Span<byte> counter = stackalloc byte[sizeof(long)];
            var ticket = RandomAccess.Read(file, counter, 0) == counter.Length ? BinaryPrimitives.ReadInt64LittleEndian(counter) : 0;
            if (!FileRegionLocks.TryLock(file, Place(ticket)))
            {
                throw new IOException(
                    $"Place {Place(ticket) - FirstPlace} of the write queue is still held: more than {Places} writers in line.");
            }

            try
            {
                BinaryPrimitives.WriteInt64LittleEndian(counter, ticket + 1);
                RandomAccess.Write(file, counter, 0);
                return ticket;
            }
            catch
            {
                FileRegionLocks.Unlock(file, Place(ticket));
                throw;
            }
        }
        finally
        {
            FileRegionLocks.Unlock(file, Dispenser);
        }
    }

    private static long Place(long ticket) => FirstPlace + (ticket & (Places - 1));
}
