namespace Marketplace.Storage;

/// <summary>Free space on the volume that holds a path; injectable, so tests can play a nearly full disk.</summary>
public interface IVolumeSpace
{
    /// <summary>Bytes available to this process on the volume of <paramref name="path"/> (a file or folder, existing or not).</summary>
    long FreeBytes(string path);
}
