using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Opcodes that push constants: numbers, strings, bytes, buffers.</summary>
internal sealed partial class PickleMachine
{
    /// <summary>Strings longer than this keep only their start.</summary>
    private const int MaxKeptString = 1 << 14;

    /// <summary>Bytes values up to this size are kept whole (for nested pickles); longer ones keep their start.</summary>
    private const int MaxKeptBytes = 1 << 20;

    private const int BytesHead = 512;

    private static readonly PickleSlot TooLargeInt = PickleSlot.Of(PickleInt.TooLarge);

    private readonly PickleTextArena _text = new();

    /// <summary>The opcodes <see cref="Loop"/> leaves out: text protocols, long ints, bytes, buffers, then objects.</summary>
    private void StepRare(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.Int:
                var line = ReadLine(out var clipped);
                if (!clipped && line.Length == 2 && line[0] == '0' && line[1] is (byte)'0' or (byte)'1')
                {
                    Push(line[1] == '1' ? PickleSlot.True : PickleSlot.False);
                }
                else
                {
                    Push(clipped ? TooLargeInt : PickleText.TryParseInt(line, out var value) ? Int(value) : throw Invalid("not an integer"));
                }
                break;
            case PickleOpcode.Long:
                var longLine = ReadLine(out var longClipped);
                if (longLine.Length > 0 && longLine[^1] == 'L')
                {
                    longLine = longLine[..^1];
                }
                Push(longClipped ? TooLargeInt : PickleText.TryParsePythonInt(longLine, out var longValue) ? Int(longValue) : throw Invalid("not an integer"));
                break;
            case PickleOpcode.Long1:
                Push(TwosComplement(ReadByte()));
                break;
            case PickleOpcode.Long4:
                var size = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                Push(size < 0 ? throw Invalid("negative byte count") : TwosComplement(size));
                break;
            case PickleOpcode.Float:
                var floatLine = ReadLine(out _);
                Push(PickleText.TryParseFloat(floatLine, out var number) ? PickleSlot.Float(number) : PickleSlot.Of(new PickleUnknown("float")));
                break;
            case PickleOpcode.String:
                var quoted = ReadLine(out var quotedClipped);
                if (quotedClipped)
                {
                    Push(PickleSlot.Text(Encoding.Latin1.GetString(quoted[1..]), truncated: true));
                }
                else
                {
                    Push(PickleText.TryDecodeQuoted(quoted, out var text) ? PickleSlot.Text(text, false) : throw Invalid("the STRING argument must be quoted"));
                }
                break;
            case PickleOpcode.Unicode:
                var raw = ReadLine(out var rawClipped);
                Push(PickleSlot.Text(PickleText.DecodeRawUnicodeEscape(raw), rawClipped));
                break;
            case PickleOpcode.BinBytes:
                Push(ReadBytes(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                break;
            case PickleOpcode.ShortBinBytes:
                Push(ReadBytes(ReadByte()));
                break;
            case PickleOpcode.BinBytes8:
            case PickleOpcode.ByteArray8:
                Push(ReadBytes(ReadLength64()));
                break;
            case PickleOpcode.NextBuffer:
                Push(new PickleUnknown("out-of-band buffer"));
                break;
            case PickleOpcode.ReadOnlyBuffer:
                Top();
                break;
            default:
                StepObject(opcode);
                break;
        }
    }

    private static PickleSlot Int(long? value) => value is { } number ? PickleSlot.Int(number) : TooLargeInt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadByte() => reader.TryReadByte(out var value) ? value : throw Truncated();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Read(int count) => reader.TryRead(count, out var bytes) ? bytes : throw Truncated();

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Read(8));

    private long ReadLength64()
    {
        var length = ReadUInt64();
        return length > long.MaxValue ? throw Invalid("length too large") : (long)length;
    }

    private ReadOnlySpan<byte> ReadLine(out bool clipped) =>
        reader.TryReadLine(out var line, out clipped) ? line : throw Truncated();

    private PickleSlot TwosComplement(int size)
    {
        if (size > 8)
        {
            SkipExactly(size, []);
            return TooLargeInt;
        }
        var bytes = Read(size);
        long value = size > 0 && (sbyte)bytes[^1] < 0 ? -1 : 0;
        for (var i = size - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }
        return PickleSlot.Int(value);
    }

    /// <summary>A str of <paramref name="length"/> UTF-8 (or, for protocol 0–2 byte strings, Latin-1) bytes.</summary>
    private PickleSlot ReadString(long length, bool latin1)
    {
        if (length <= PickleTextArena.MaxEncoded)
        {
            return _text.Keep(Read((int)length), latin1);
        }
        var encoding = latin1 ? Encoding.Latin1 : Encoding.UTF8;
        if (length <= MaxKeptString)
        {
            return PickleSlot.Text(encoding.GetString(Read((int)length)), false);
        }
        var head = ArrayPool<byte>.Shared.Rent(MaxKeptString);
        try
        {
            SkipExactly(length, head.AsSpan(0, MaxKeptString));
            return PickleSlot.Text(encoding.GetString(head, 0, MaxKeptString), truncated: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private PickleBytes ReadBytes(long length)
    {
        if (length <= BytesHead)
        {
            return new PickleBytes(Read((int)length).ToArray(), length);
        }
        if (length <= MaxKeptBytes && !session.Quiet && session.TryRetain(length))
        {
            var whole = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                SkipExactly(length, whole.AsSpan(0, (int)length));
                return new PickleBytes(whole.AsSpan(0, (int)length).ToArray(), length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(whole);
            }
        }
        var head = new byte[BytesHead];
        SkipExactly(length, head);
        return new PickleBytes(head, length);
    }

    private void SkipExactly(long length, Span<byte> keep)
    {
        if (reader.Skip(length, keep) != length)
        {
            throw Truncated();
        }
    }
}
