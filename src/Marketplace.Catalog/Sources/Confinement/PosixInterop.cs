using System.Runtime.InteropServices;

namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// The few libc calls the confined reader needs: <c>openat</c> with <c>O_NOFOLLOW</c> one path component at a time,
/// and <c>readdir</c> on an opened folder. Only 64-bit Linux (x64, arm64), whose flag values and <c>struct dirent</c>
/// layout are fixed here; elsewhere <see cref="PortableSourceFolder"/> is used.
/// </summary>
internal static partial class PosixInterop
{
    public const int ENOENT = 2;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;

    public const byte DtUnknown = 0;
    public const byte DtDir = 4;
    public const byte DtReg = 8;
    public const byte DtLnk = 10;

    private const int AtFdCwd = -100;
    private const int OCloexec = 0x80000;
    private const int ONonblock = 0x800;

    /// <summary>Offsets in glibc's and musl's 64-bit <c>struct dirent</c>: ino (8), off (8), reclen (2), type (1), name.</summary>
    private const int DirentType = 18;
    private const int DirentName = 19;

    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static int ODirectory => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
    private static int ONofollow => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>Opens the folder <paramref name="name"/> of <paramref name="folder"/> (or an absolute path from the working directory)
    /// without following a link.</summary>
    public static int OpenFolder(int folder, string name, out int errno) =>
        Open(folder < 0 ? AtFdCwd : folder, name, ODirectory | ONofollow | OCloexec, out errno);

    /// <summary>Opens a file for reading without following a link; non-blocking, so a FIFO cannot hang the reader.</summary>
    public static int OpenFile(int folder, string name, out int errno) =>
        Open(folder, name, ONofollow | OCloexec | ONonblock, out errno);

    private static int Open(int folder, string name, int flags, out int errno)
    {
        var fd = openat(folder, name, flags);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    public static void Close(int fd) => _ = close(fd);

    /// <summary>The entries of an opened folder (not <c>.</c> and <c>..</c>): raw name bytes and <c>d_type</c>.</summary>
    public static List<(byte[] Name, byte Type)> ReadFolder(int folder)
    {
        var copy = dup(folder);
        if (copy < 0)
        {
            throw new IOException($"dup failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        var dir = fdopendir(copy);
        if (dir == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Close(copy);
            throw new IOException($"fdopendir failed (errno {errno}).");
        }

        try
        {
            // The copy shares the folder's read position: without a rewind, a folder listed before (the open root) lists
            // nothing the second time.
            rewinddir(dir);
            var entries = new List<(byte[], byte)>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = readdir(dir);
                if (entry == 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    return errno == 0 ? entries : throw new IOException($"readdir failed (errno {errno}).");
                }

                var name = NameOf(entry);
                if (name is not [(byte)'.'] and not [(byte)'.', (byte)'.'])
                {
                    entries.Add((name, Marshal.ReadByte(entry, DirentType)));
                }
            }
        }
        finally
        {
            _ = closedir(dir);
        }
    }

    private static byte[] NameOf(nint entry)
    {
        var length = 0;
        while (Marshal.ReadByte(entry, DirentName + length) != 0)
        {
            length++;
        }

        var name = new byte[length];
        Marshal.Copy(entry + DirentName, name, 0, length);
        return name;
    }

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string pathname, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int dup(int fd);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial nint fdopendir(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial nint readdir(nint dir);

    [LibraryImport("libc", EntryPoint = "rewinddir")]
    private static partial void rewinddir(nint dir);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    private static partial int closedir(nint dir);
}
