using Microsoft.Win32.SafeHandles;

namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// A folder held as a file descriptor: children are opened with <c>openat</c> and <c>O_NOFOLLOW</c>, entries read with
/// <c>readdir</c> (raw name bytes, so a name that is not UTF-8 is named exactly). No check-then-open race: the check
/// is the open.
/// </summary>
internal sealed class PosixSourceFolder(int fd) : SourceFolder
{
    private int _fd = fd;

    public static new PosixSourceFolder OpenRoot(string realPath)
    {
        var fd = PosixInterop.OpenFolder(-1, "/", out var errno);
        if (fd < 0)
        {
            throw new IOException($"The root folder cannot be opened (errno {errno}).");
        }

        var folder = new PosixSourceFolder(fd);
        foreach (var part in realPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            using var parent = folder;
            folder = (PosixSourceFolder)parent.OpenFolder(part);
        }

        return folder;
    }

    public override IReadOnlyList<SourceEntry> List() =>
        [.. PosixInterop.ReadFolder(_fd).Select(e =>
        {
            var name = FileNames.Decode(e.Name, out var problem);
            return new SourceEntry(name, problem is null ? KindOf(name, e.Type) : SourceEntryKind.Other, problem);
        })];

    private SourceEntryKind KindOf(string name, byte type) => type switch
    {
        PosixInterop.DtDir => SourceEntryKind.Folder,
        PosixInterop.DtReg => SourceEntryKind.File,
        PosixInterop.DtLnk => SourceEntryKind.Link,
        PosixInterop.DtUnknown => Probe(name),
        _ => SourceEntryKind.Other,
    };

    /// <summary>For file systems whose folders do not say what an entry is: try it as a folder, then as a file.</summary>
    private SourceEntryKind Probe(string name)
    {
        try
        {
            OpenFolder(name).Dispose();
            return SourceEntryKind.Folder;
        }
        catch (ConfinementException e)
        {
            return e.Failure switch
            {
                ConfinementFailure.Link => SourceEntryKind.Link,
                ConfinementFailure.NotAFolder => SourceEntryKind.File,
                _ => SourceEntryKind.Other,
            };
        }
    }

    public override SourceFolder OpenFolder(string name)
    {
        var child = PosixInterop.OpenFolder(_fd, name, out var errno);
        if (child >= 0)
        {
            return new PosixSourceFolder(child);
        }

        // O_DIRECTORY answers ENOTDIR for a link too: open it as a file to tell the two apart.
        throw new ConfinementException(errno switch
        {
            PosixInterop.ENOTDIR => IsLink(name) ? ConfinementFailure.Link : ConfinementFailure.NotAFolder,
            PosixInterop.ELOOP => ConfinementFailure.Link,
            PosixInterop.ENOENT => ConfinementFailure.Missing,
            _ => throw new IOException($"'{name}' cannot be opened (errno {errno})."),
        });
    }

    private bool IsLink(string name)
    {
        var fd = PosixInterop.OpenFile(_fd, name, out var errno);
        if (fd >= 0)
        {
            PosixInterop.Close(fd);
        }

        return fd < 0 && errno == PosixInterop.ELOOP;
    }

    public override SafeFileHandle OpenFile(string name)
    {
        var fd = PosixInterop.OpenFile(_fd, name, out var errno);
        if (fd < 0)
        {
            throw new ConfinementException(errno switch
            {
                PosixInterop.ELOOP => ConfinementFailure.Link,
                PosixInterop.ENOENT or PosixInterop.ENOTDIR => ConfinementFailure.Missing,
                _ => throw new IOException($"'{name}' cannot be opened (errno {errno})."),
            });
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (File.GetAttributes(handle).HasFlag(FileAttributes.Directory))
        {
            handle.Dispose();
            throw new ConfinementException(ConfinementFailure.NotAFile);
        }

        return handle;
    }

    public override void Dispose()
    {
        if (_fd >= 0)
        {
            PosixInterop.Close(_fd);
            _fd = -1;
        }
    }
}
