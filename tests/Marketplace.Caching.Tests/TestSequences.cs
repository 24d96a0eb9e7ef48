using System.Buffers;

namespace Marketplace.Caching.Tests;

/// <summary>The shapes of ReadOnlySequence a caller may hand IBufferDistributedCache (as dotnet/extensions' suite builds them).</summary>
public static class TestSequences
{
    public enum Kind
    {
        FullArray,
        PaddedArray,
        CustomMemory,
        MultiSegment,
    }

    public static ReadOnlySequence<byte> Make(int size, Kind kind, Random random)
    {
        switch (kind)
        {
            case Kind.FullArray:
                return new ReadOnlySequence<byte>(Bytes(size, random));
            case Kind.PaddedArray:
                return new ReadOnlySequence<byte>(Bytes(size + 10, random), 5, size);
            case Kind.CustomMemory:
                return new ReadOnlySequence<byte>(new UnmanagedLikeMemory(Bytes(size + 10, random)).Memory);
            default:
                if (size < 10)
                {
                    return new ReadOnlySequence<byte>(Bytes(size, random));
                }

                var first = new Segment(Bytes(10, random), null);
                var middle = new Segment(Bytes(size - 7, random), first);
                var last = new Segment(Bytes(10, random), middle);
                return new ReadOnlySequence<byte>(first, 7, last, 4); // 3 + (size - 7) + 4 bytes
        }
    }

    private static byte[] Bytes(int size, Random random)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, Segment? previous)
        {
            Memory = bytes;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }

    /// <summary>Memory that is not an array (TryGetArray fails), 5 bytes into its buffer.</summary>
    private sealed class UnmanagedLikeMemory(byte[] data) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => data.AsSpan(5, data.Length - 10);

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin() => throw new NotSupportedException();

        protected override bool TryGetArray(out ArraySegment<byte> segment)
        {
            segment = default;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
