using Microsoft.Win32.SafeHandles;

namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// A regular file of a source, opened through <see cref="SourceTree"/>: every read goes to the handle that was
/// checked, never back to a path. Shaped like <see cref="FileInfo"/> (<see cref="FullName"/>, <see cref="Length"/>,
/// <see cref="LastWriteTimeUtc"/>, <see cref="Refresh"/>) so callers can key caches by it.
/// </summary>
public sealed class ConfinedFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly long _maxBytes;

    internal ConfinedFile(SafeFileHandle handle, string relativePath, string fullName, long maxBytes)
    {
        _handle = handle;
        _maxBytes = maxBytes;
        RelativePath = relativePath;
        FullName = fullName;
        Refresh();
    }

    /// <summary>The '/'-separated path from the source root.</summary>
    public string RelativePath { get; }

    /// <summary>The path the file was reached by (the source's real root joined with <see cref="RelativePath"/>).</summary>
    public string FullName { get; }

    public long Length { get; private set; }

    public DateTime LastWriteTimeUtc { get; private set; }

    /// <summary>Reads size and last-write time again, from the handle.</summary>
    public void Refresh()
    {
        Length = RandomAccess.GetLength(_handle);
        LastWriteTimeUtc = File.GetLastWriteTimeUtc(_handle);
    }

    /// <summary>The whole file; one that has grown past the limit it was opened with is refused rather than cut.</summary>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken)
    {
        // One byte of room past the expected end: a read that fills it means the file grew.
        var buffer = new byte[Math.Min(Length, _maxBytes) + 1];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (buffer.Length > _maxBytes)
                {
                    throw new ArtifactContentException(
                        $"'{RelativePath}' grew past {_maxBytes} bytes while it was read (Sources:MaxFileBytes).");
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, _maxBytes + 1));
            }

            var n = await RandomAccess.ReadAsync(_handle, buffer.AsMemory(read), read, cancellationToken);
            if (n == 0)
            {
                return buffer[..read];
            }

            read += n;
        }
    }

    public void Dispose() => _handle.Dispose();
}
