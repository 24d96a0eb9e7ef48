using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// Exclusive one-byte locks through Linux's open-file-description locks (<c>fcntl F_OFD_*</c>). They belong to the open
/// file, not to the process or a thread: two opens conflict even inside one process, any thread may unlock, the kernel
/// drops them when the file is closed or its process dies, and a waiter blocked in <see cref="Lock"/> wakes the moment
/// the byte frees. They are advisory and apart from the POSIX locks SQLite itself takes on the database file.
/// </summary>
internal static partial class FileRegionLocks
{
    private const int SetLock = 37;      // F_OFD_SETLK: take or free, or fail at once
    private const int SetLockWait = 38;  // F_OFD_SETLKW: take, waiting as long as it takes
    private const short WriteLock = 1;   // F_WRLCK
    private const short Unlocked = 2;    // F_UNLCK
    private const int Interrupted = 4;   // EINTR
    private const int WouldBlock = 11;   // EAGAIN
    private const int AccessDenied = 13; // EACCES, the other answer POSIX allows for a held range

    /// <summary>Takes the byte at <paramref name="offset"/> if no other open file holds it; false if one does.</summary>
    public static bool TryLock(SafeFileHandle file, long offset) => Set(file, SetLock, WriteLock, offset);

    /// <summary>Takes the byte at <paramref name="offset"/>, blocking this thread until it is free.</summary>
    public static void Lock(SafeFileHandle file, long offset) => Set(file, SetLockWait, WriteLock, offset);

    public static void Unlock(SafeFileHandle file, long offset) => Set(file, SetLock, Unlocked, offset);

    private static bool Set(SafeFileHandle file, int command, short type, long offset)
    {
        var region = new Region { Type = type, Start = offset, Length = 1 }; // Whence 0 = SEEK_SET; Pid must be 0 for OFD locks
        while (Fcntl(file, command, ref region) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == Interrupted)
            {
                continue;
            }

            if (command == SetLock && type == WriteLock && error is WouldBlock or AccessDenied)
            {
                return false;
            }

            throw new IOException($"Locking the write-queue file failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
        }

        return true;
    }

    /// <summary><c>struct flock</c> as Linux lays it out on 64-bit targets.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Region
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    // fcntl is variadic in C; its third argument here is a pointer, which 64-bit Linux passes as a fixed argument would be.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(SafeFileHandle file, int command, ref Region region);
}
