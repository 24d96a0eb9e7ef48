using Microsoft.Win32.SafeHandles;

namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// The confined folder where <see cref="PosixSourceFolder"/> cannot run (Windows, macOS, 32-bit): the same rules by
/// path — every component is checked for a link just before it is opened. A swap between that check and the open
/// is not caught here; on 64-bit Linux, where the service is deployed, the check is the open.
/// </summary>
internal sealed class PortableSourceFolder(string path) : SourceFolder
{
    public static new PortableSourceFolder OpenRoot(string realPath)
    {
        var folder = new PortableSourceFolder(System.IO.Path.GetPathRoot(realPath)!);
        foreach (var part in realPath[folder.Path.Length..].Split(System.IO.Path.DirectorySeparatorChar,
            StringSplitOptions.RemoveEmptyEntries))
        {
            folder = (PortableSourceFolder)folder.OpenFolder(part);
        }

        return folder;
    }

    public string Path { get; } = path;

    public override IReadOnlyList<SourceEntry> List() =>
        [.. new DirectoryInfo(Path).EnumerateFileSystemInfos().Select(info =>
        {
            var problem = FileNames.Problem(info.Name);
            var kind = problem is not null ? SourceEntryKind.Other
                : info.LinkTarget is not null ? SourceEntryKind.Link
                : info is DirectoryInfo ? SourceEntryKind.Folder
                : SourceEntryKind.File;
            return new SourceEntry(problem is null ? info.Name : FileNames.Display(info.Name), kind, problem);
        })];

    public override SourceFolder OpenFolder(string name)
    {
        var info = new DirectoryInfo(System.IO.Path.Combine(Path, name));
        Check(info);
        return info.Exists ? new PortableSourceFolder(info.FullName) : throw new ConfinementException(ConfinementFailure.NotAFolder);
    }

    public override SafeFileHandle OpenFile(string name)
    {
        var info = new FileInfo(System.IO.Path.Combine(Path, name));
        Check(info);
        return info.Exists
            ? File.OpenHandle(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)
            : throw new ConfinementException(ConfinementFailure.NotAFile);
    }

    private static void Check(FileSystemInfo info)
    {
        if (info.LinkTarget is not null)
        {
            throw new ConfinementException(ConfinementFailure.Link);
        }

        if (!File.Exists(info.FullName) && !Directory.Exists(info.FullName))
        {
            throw new ConfinementException(ConfinementFailure.Missing);
        }
    }

    public override void Dispose()
    {
    }
}
