using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The dispatch loop. Data pickles are hundreds of millions of small opcodes, so the opcodes they are made of run here
/// with their arguments read straight from the reader's buffered bytes at a local position (no refill check or reader
/// update per opcode, no call per byte) and a single jump; everything else, and every opcode near the end of the stream, goes through <see cref="Step"/>, the
/// checked reference path. Both call the same helpers, so the shortcut changes the speed only.
/// </summary>
internal sealed partial class PickleMachine
{
    /// <summary>The longest fixed-size argument (BINFLOAT's and FRAME's 8 bytes).</summary>
    private const int MaxFixedArgument = 8;

    /// <summary>Runs opcodes up to and including STOP; faults are thrown.</summary>
    /// <remarks>
    /// Jitted fully optimized on first use instead of running its ReadyToRun code: a loop entered once is never
    /// re-jitted, and ReadyToRun code cannot inline the runtime library's generic helpers, which made every opcode pay
    /// for several calls until tiering caught up, seconds into a scan.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop()
    {
        var input = reader;
        var maxOpcodes = MaxOpcodes;
        while (true)
        {
            var window = input.Window(1 + MaxFixedArgument);
            if (window.Length <= MaxFixedArgument)
            {
                // The last bytes of the stream: the checked path, which reports an argument cut short.
                var last = ++Executed;
                if (last > maxOpcodes || (last & 0xFFF) == 0)
                {
                    CheckLimits(last, input.Offset);
                }
                _opcodeOffset = input.Offset;
                if (window.Length == 0)
                {
                    _opcode = (byte)PickleOpcode.Stop;
                    throw Truncated();
                }
                _opcode = window[0];
                input.Advance(1);
                if (Step(_opcode))
                {
                    return;
                }
                continue;
            }
            // Opcodes run straight from the buffered bytes, at a local position (the reader is told once the window is
            // used up, or before an opcode that reads it itself), while their fixed-size arguments are surely there.
            var start = input.Offset;
            var at = 0;
            do
            {
                var executed = ++Executed;
                if (executed > maxOpcodes || (executed & 0xFFF) == 0)
                {
                    CheckLimits(executed, start + at);
                }
                _opcodeOffset = start + at;
                var opcode = window[at];
                _opcode = opcode;
                int used;
                switch ((FastOpcode)FastOpcodes[opcode])
                {
                    case FastOpcode.BinGet:
                        Fetch(window[at + 1]);
                        at += 2;
                        continue;
                    case FastOpcode.LongBinGet:
                        Fetch(BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]));
                        at += 5;
                        continue;
                    case FastOpcode.BinPut:
                        Store(window[at + 1]);
                        at += 2;
                        continue;
                    case FastOpcode.LongBinPut:
                        Store(BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]));
                        at += 5;
                        continue;
                    case FastOpcode.Memoize:
                        Memoize();
                        at++;
                        continue;
                    case FastOpcode.Mark:
                        Mark();
                        at++;
                        continue;
                    case FastOpcode.BinInt1:
                        Push(PickleSlot.Int(window[at + 1]));
                        at += 2;
                        continue;
                    case FastOpcode.BinInt2:
                        Push(PickleSlot.Int(BinaryPrimitives.ReadUInt16LittleEndian(window[(at + 1)..])));
                        at += 3;
                        continue;
                    case FastOpcode.BinInt:
                        Push(PickleSlot.Int(BinaryPrimitives.ReadInt32LittleEndian(window[(at + 1)..])));
                        at += 5;
                        continue;
                    case FastOpcode.BinFloat:
                        Push(PickleSlot.Float(BinaryPrimitives.ReadDoubleBigEndian(window[(at + 1)..])));
                        at += 9;
                        continue;
                    case FastOpcode.ShortBinUnicode:
                    case FastOpcode.ShortBinString:
                        // A short string is read here when it is buffered whole (nearly always: it is under 256 bytes).
                        var length = window[at + 1];
                        if (at + 2 + length > window.Length)
                        {
                            goto default;
                        }
                        Push(_text.Keep(window.Slice(at + 2, length), latin1: opcode == (byte)PickleOpcode.ShortBinString));
                        used = 2 + length;
                        break;
                    case FastOpcode.None:
                        Push(PickleSlot.None);
                        at++;
                        continue;
                    case FastOpcode.NewTrue:
                        Push(PickleSlot.True);
                        at++;
                        continue;
                    case FastOpcode.NewFalse:
                        Push(PickleSlot.False);
                        at++;
                        continue;
                    case FastOpcode.EmptyDict:
                        Push(_pool.Dict());
                        used = 1;
                        break;
                    case FastOpcode.EmptyList:
                        Push(_pool.Sequence("list", []));
                        used = 1;
                        break;
                    case FastOpcode.EmptyTuple:
                        Push(_pool.Sequence("tuple", []));
                        used = 1;
                        break;
                    case FastOpcode.Tuple1:
                    case FastOpcode.Tuple2:
                    case FastOpcode.Tuple3:
                        Tuple(opcode - (byte)PickleOpcode.Tuple1 + 1);
                        used = 1;
                        break;
                    case FastOpcode.SetItems:
                        SetItemsAtMark();
                        at++;
                        continue;
                    case FastOpcode.SetItem:
                        SetItem();
                        at++;
                        continue;
                    case FastOpcode.Appends:
                    case FastOpcode.AddItems:
                        AddItemsAtMark();
                        at++;
                        continue;
                    case FastOpcode.Append:
                        Append();
                        at++;
                        continue;
                    default:
                        // Everything else reads its arguments through the reader, which is brought up to this opcode.
                        input.Advance(at + 1);
                        if (Step(opcode))
                        {
                            return;
                        }
                        goto NextWindow;
                }

                // The pickler writes MEMOIZE after nearly every string, container and object. When it comes next, it
                // runs here, saving a dispatch, unless this opcode is one the loop's start would check the limits at.
                at += used;
                if (window.Length > at && window[at] == (byte)PickleOpcode.Memoize && (Executed & 0xFFF) != 0xFFF && Executed < maxOpcodes)
                {
                    Executed++;
                    _opcodeOffset = start + at;
                    _opcode = (byte)PickleOpcode.Memoize;
                    at++;
                    Memoize();
                }
            }
            while (window.Length - at > MaxFixedArgument);
            input.Advance(at);
        NextWindow:;
        }
    }

    /// <summary>Every 4,096 opcodes, and past the opcode limit: stops at the limits (the opcode at <paramref name="offset"/> does not run).</summary>
    private void CheckLimits(long executed, long offset)
    {
        if (executed > MaxOpcodes)
        {
            throw new PickleFault($"more than {MaxOpcodes} opcodes; the rest was not analyzed", offset);
        }
        if ((executed & 0xFFF) == 0 && (session.Context.Expired || session.CancellationToken.IsCancellationRequested))
        {
            throw new PickleFault("time limit reached; the rest was not analyzed", offset);
        }
    }

    /// <summary>The opcodes <see cref="Loop"/> runs itself (named as in <see cref="PickleOpcode"/>), numbered densely so its switch is one jump table.</summary>
    internal enum FastOpcode : byte
    {
        Other,
        BinGet,
        LongBinGet,
        BinPut,
        LongBinPut,
        Memoize,
        Mark,
        BinInt1,
        BinInt2,
        BinInt,
        BinFloat,
        ShortBinUnicode,
        ShortBinString,
        None,
        NewTrue,
        NewFalse,
        EmptyDict,
        EmptyList,
        EmptyTuple,
        Tuple1,
        Tuple2,
        Tuple3,
        SetItems,
        SetItem,
        Appends,
        AddItems,
        Append,
    }

    /// <summary>
    /// Opcode byte to <see cref="FastOpcode"/> (0, <see cref="FastOpcode.Other"/>, for the rest): constant data, so the
    /// lookup needs no initialization check. A test checks it maps every opcode to the member of the same name.
    /// </summary>
    internal static ReadOnlySpan<byte> FastOpcodes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 6, 18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 9, 7, 0, 8, 13, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0,
        0, 26, 0, 0, 0, 24, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 3, 4, 23, 0, 22, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0,
        0, 0, 0, 0, 0, 19, 20, 21, 14, 15, 0, 0, 11, 0, 0, 0, 25, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
}
