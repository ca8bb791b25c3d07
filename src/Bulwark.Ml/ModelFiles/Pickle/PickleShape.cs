using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// What <see cref="PickleDataPass"/> knows of a value, in 64 bits and no reference: its kind, for a str of up to 255
/// bytes where its bytes are in the stream (a STACK_GLOBAL operand is read from there), for a global which one. Bits
/// 0–2 the kind (0 in an empty memo entry), bit 3 Latin-1, bits 4–11 the length, bit 12 set when located, bits 13 and
/// up the offset (or the global's number).
/// </summary>
internal readonly struct PickleShape
{
    private const long KindMask = 7;
    private const long Latin1Bit = 1 << 3;
    private const long LocatedBit = 1 << 12;
    private const int LengthShift = 4;
    private const int OffsetShift = 13;

    private readonly long _bits;

    private PickleShape(long bits) => _bits = bits;

    /// <summary>A constant or a container: nothing the machine would act on.</summary>
    public static PickleShape Data
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(1);
    }

    /// <summary>
    /// A global that is allowlisted or unknown (never dangerous, nor one the machine models, see
    /// <see cref="PickleCalls.IsModelled"/>); <paramref name="use"/> numbers its canonical name in the pass.
    /// </summary>
    public static PickleShape Global(int use) => new(3 | ((long)use << OffsetShift));

    /// <summary>What calling an allowlisted global returned.</summary>
    public static PickleShape Object => new(4);

    /// <summary>A memo value not remembered past the memo limit (the machine's "forgotten" value).</summary>
    public static PickleShape Unknown => new(5);

    /// <summary>A str whose <paramref name="length"/> encoded bytes start at stream offset <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PickleShape Text(long offset, long length, bool latin1) =>
        new(2 | (latin1 ? Latin1Bit : 0) | (length <= byte.MaxValue ? LocatedBit | (length << LengthShift) | (offset << OffsetShift) : 0));

    public bool IsEmpty => _bits == 0;

    public bool IsGlobal => (_bits & KindMask) == 3;

    /// <summary>A str whose bytes can be found again (<see cref="Offset"/>, <see cref="Length"/>, <see cref="Latin1"/>).</summary>
    public bool IsLocatedText => (_bits & (KindMask | LocatedBit)) == (2 | LocatedBit);

    public long Offset => (long)((ulong)_bits >> OffsetShift);

    /// <summary>A global's number (see <see cref="Global"/>).</summary>
    public int Use => (int)Offset;

    public int Length => (int)((_bits >> LengthShift) & byte.MaxValue);

    public bool Latin1 => (_bits & Latin1Bit) != 0;
}
