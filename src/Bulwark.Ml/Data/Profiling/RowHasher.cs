using System.Buffers.Binary;

namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// A fast 64-bit hash of a row's normalised cells for duplicate detection (not cryptographic: a collision can
/// only make two rows look equal, adding a finding, never hiding one).
/// </summary>
internal struct RowHasher
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private ulong _state;

    public RowHasher(ulong seed) => _state = seed ^ 0x243F6A8885A308D3;

    public readonly ulong Value
    {
        get
        {
            var h = _state;
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCD;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53;
            return h ^ (h >> 33);
        }
    }

    public void Add(ulong value)
    {
        _state = (_state ^ value) * Multiplier;
        _state ^= _state >> 29;
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        Add((ulong)(uint)bytes.Length | 0x8000_0000_0000_0000);
        while (bytes.Length >= 8)
        {
            Add(BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }
        if (bytes.Length > 0)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            bytes.CopyTo(tail);
            Add(BinaryPrimitives.ReadUInt64LittleEndian(tail));
        }
    }

    public void Add(string text) => Add(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()));
}
