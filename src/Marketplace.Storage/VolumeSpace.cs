namespace Marketplace.Storage;

/// <summary>The real volume's free space (<c>statvfs</c> on Unix), read from the nearest existing folder of the path.</summary>
public sealed class VolumeSpace : IVolumeSpace
{
    public long FreeBytes(string path)
    {
        var folder = new DirectoryInfo(Path.GetFullPath(path));
        while (!folder.Exists && folder.Parent is { } parent)
        {
            folder = parent;
        }

        return new DriveInfo(folder.FullName).AvailableFreeSpace;
    }
}
