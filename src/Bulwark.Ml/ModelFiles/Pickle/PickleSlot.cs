using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// One value as the machine's stack, memo and containers hold it. Data pickles push hundreds of millions of ints,
/// floats and strings, so those are kept inline (a tag, the string, or the string's encoded bytes in a
/// <see cref="PickleTextArena"/> chunk, plus 64 bits) instead of as one <see cref="PickleValue"/> object each; every
/// other value is held as its PickleValue. Consumers that need the object form (calls, BUILD state, rendering,
/// joblib) get it from <see cref="ToValue"/>.
/// </summary>
internal readonly struct PickleSlot
{
    /// <summary>
    /// Tags of the inline kinds, compared by reference: type objects, which the runtime allocates outside the GC heap,
    /// so the JIT folds them to constants and a store of an int or float slot needs no write barrier (a static field
    /// read would also need an initialization check in the loop, which is jitted before the class is initialized).
    /// </summary>
    private static object IntTag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(IntMarker);
    }

    private static object FloatTag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(FloatMarker);
    }

    /// <summary>A str of up to <see cref="MaxShortText"/> encoded bytes, held in the 64 bits themselves.</summary>
    private static object ShortTextTag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(ShortTextMarker);
    }

    /// <summary>
    /// Encoded bytes a str may have to be held inline (bits 0–55, length in bits 56–58, Latin-1 in bit 59): dict keys
    /// and short tokens, which data pickles push and fetch from the memo for every record, then cost no chunk space and
    /// no write barrier when copied.
    /// </summary>
    public const int MaxShortText = 7;

    public static readonly PickleSlot None = new(PickleValue.None, 0);
    public static readonly PickleSlot True = new(PickleValue.True, 0);
    public static readonly PickleSlot False = new(PickleValue.False, 0);

    /// <summary>
    /// A PickleValue, a string (bits 1 when truncated), a text chunk (bits: offset &lt;&lt; 32 | length &lt;&lt; 1 | Latin-1),
    /// or a tag; null only in an empty slot.
    /// </summary>
    private readonly object? _ref;
    private readonly long _bits;

    private PickleSlot(object value, long bits)
    {
        _ref = value;
        _bits = bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PickleSlot Int(long value) => new(IntTag, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PickleSlot Float(double value) => new(FloatTag, BitConverter.DoubleToInt64Bits(value));

    public static PickleSlot Text(string text, bool truncated) => new(text, truncated ? 1 : 0);

    /// <summary>A str kept as <paramref name="length"/> encoded bytes of a <see cref="PickleTextArena"/> chunk.</summary>
    public static PickleSlot Encoded(byte[] chunk, int offset, int length, bool latin1) =>
        new(chunk, ((long)offset << 32) | ((long)length << 1) | (latin1 ? 1L : 0L));

    /// <summary>A str of at most <see cref="MaxShortText"/> encoded bytes (UTF-8, or Latin-1), held inline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PickleSlot ShortText(ReadOnlySpan<byte> bytes, bool latin1)
    {
        long bits = 0;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bits = (bits << 8) | bytes[i];
        }
        return new(ShortTextTag, bits | ((long)bytes.Length << 56) | (latin1 ? 1L << 59 : 0));
    }

    /// <summary>The slot for a value in object form; strings and 64-bit ints go back inline, so each kind has one form.</summary>
    public static PickleSlot Of(PickleValue value) => value switch
    {
        PickleString text => Text(text.Text, text.Truncated),
        PickleInt { Value: { } number } => Int(number),
        _ => new(value, 0),
    };

    /// <summary>The slot for a dict or sequence (no other form to pick).</summary>
    public static PickleSlot Of(PickleContainer container) => new(container, 0);

    /// <summary>True for default(PickleSlot), which the memo uses for "no entry".</summary>
    public bool IsEmpty => _ref is null;

    /// <summary>The str this slot holds (decoded now when kept encoded), or null for any other kind.</summary>
    public string? String => _ref switch
    {
        string text => text,
        byte[] chunk => Decode(chunk),
        _ when ReferenceEquals(_ref, ShortTextTag) => DecodeShort(),
        _ => null,
    };

    /// <summary>The value when held in object form (containers, globals, objects, bytes, None, booleans), else null.</summary>
    public PickleValue? Object => _ref as PickleValue;

    /// <summary>The dict or sequence this slot holds, or null.</summary>
    /// <remarks>
    /// Runs for every value a container takes or drops: two compares of the exact type, inlined. (Type patterns, once
    /// inlined into the machine's loops, were left as calls to the runtime's cast helper: a sixth of the scan.)
    /// </remarks>
    public PickleContainer? Container
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var value = _ref;
            if (value is null)
            {
                return null;
            }
            return value.GetType() == typeof(PickleDict) || value.GetType() == typeof(PickleSequence) ? Unsafe.As<PickleContainer>(value) : null;
        }
    }

    public PickleDict? Dict => _ref as PickleDict;

    public PickleSequence? Sequence => _ref as PickleSequence;

    /// <summary>A global or a module: what the memo keeps past its limit.</summary>
    public bool IsImport => _ref is PickleGlobal or PickleModule;

    /// <summary>An inline int or float.</summary>
    public bool IsNumber => ReferenceEquals(_ref, IntTag) || ReferenceEquals(_ref, FloatTag);

    /// <summary>Marks a container as referred to from a second place (see <see cref="PickleHolder"/>).</summary>
    public void Share() => Container?.Share();

    /// <summary>
    /// The object form; inline kinds get a new (immutable) PickleValue each time. A container handed out this way may be
    /// kept anywhere, so it is marked shared and never reused.
    /// </summary>
    public PickleValue ToValue() => _ref switch
    {
        PickleContainer container => Shared(container),
        PickleValue value => value,
        string text => new PickleString(text, _bits != 0),
        byte[] chunk => new PickleString(Decode(chunk), truncated: false),
        _ when ReferenceEquals(_ref, ShortTextTag) => new PickleString(DecodeShort(), truncated: false),
        _ when ReferenceEquals(_ref, IntTag) => new PickleInt(_bits),
        _ when ReferenceEquals(_ref, FloatTag) => new PickleConstant(BitConverter.Int64BitsToDouble(_bits)),
        _ => throw new InvalidOperationException("an empty pickle slot has no value"),
    };

    private string Decode(byte[] chunk) => PickleTextArena.Decode(chunk, (int)(_bits >> 32), (int)(uint)_bits >> 1, (_bits & 1) != 0);

    private string DecodeShort()
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, _bits);
        return PickleTextArena.Decode(bytes[..(int)((_bits >> 56) & 7)], latin1: ((_bits >> 59) & 1) != 0);
    }

    private static PickleContainer Shared(PickleContainer container)
    {
        container.Share();
        return container;
    }

    private sealed class IntMarker;

    private sealed class FloatMarker;

    private sealed class ShortTextMarker;
}
