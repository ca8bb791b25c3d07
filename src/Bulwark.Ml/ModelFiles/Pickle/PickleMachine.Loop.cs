using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The dispatch loop. Data pickles are hundreds of millions of small opcodes, so the opcodes they are made of run here
/// with their arguments read straight from the reader's buffer (one refill check per opcode, no call per byte) and a
/// single jump; everything else, and every opcode near the end of the stream, goes through <see cref="Step"/>, the
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
        // Locals, not fields: the JIT keeps them in registers, so reading an opcode is not a chain of dependent loads.
        var input = reader;
        var maxOpcodes = _limits.MaxPickleOpcodes;
        while (true)
        {
            var executed = ++Executed;
            if (executed > maxOpcodes)
            {
                throw new PickleFault($"more than {maxOpcodes} opcodes; the rest was not analyzed", input.Offset);
            }
            if ((executed & 0xFFF) == 0 && (session.Context.Expired || session.CancellationToken.IsCancellationRequested))
            {
                throw new PickleFault("time limit reached; the rest was not analyzed", input.Offset);
            }
            _opcodeOffset = input.Offset;
            var window = input.Window(1 + MaxFixedArgument);
            if (window.Length == 0)
            {
                _opcode = (byte)PickleOpcode.Stop;
                throw Truncated();
            }
            var opcode = window[0];
            _opcode = opcode;
            var used = 1;
            if (window.Length <= MaxFixedArgument)
            {
                // The last bytes of the stream: the checked path reports an argument cut short.
                input.Advance(1);
                if (Step(opcode))
                {
                    return;
                }
                continue;
            }
            switch ((FastOpcode)FastOpcodes[opcode])
            {
                case FastOpcode.BinGet:
                    input.Advance(2);
                    Fetch(window[1]);
                    break;
                case FastOpcode.LongBinGet:
                    input.Advance(5);
                    Fetch(BinaryPrimitives.ReadUInt32LittleEndian(window[1..]));
                    break;
                case FastOpcode.BinPut:
                    input.Advance(2);
                    Store(window[1]);
                    break;
                case FastOpcode.LongBinPut:
                    input.Advance(5);
                    Store(BinaryPrimitives.ReadUInt32LittleEndian(window[1..]));
                    break;
                case FastOpcode.Memoize:
                    input.Advance(1);
                    Memoize();
                    break;
                case FastOpcode.Mark:
                    input.Advance(1);
                    Mark();
                    break;
                case FastOpcode.BinInt1:
                    input.Advance(2);
                    Push(PickleSlot.Int(window[1]));
                    break;
                case FastOpcode.BinInt2:
                    input.Advance(3);
                    Push(PickleSlot.Int(BinaryPrimitives.ReadUInt16LittleEndian(window[1..])));
                    break;
                case FastOpcode.BinInt:
                    input.Advance(5);
                    Push(PickleSlot.Int(BinaryPrimitives.ReadInt32LittleEndian(window[1..])));
                    break;
                case FastOpcode.BinFloat:
                    input.Advance(9);
                    Push(PickleSlot.Float(BinaryPrimitives.ReadDoubleBigEndian(window[1..])));
                    break;
                case FastOpcode.ShortBinUnicode:
                case FastOpcode.ShortBinString:
                    // A short string is read here when it is buffered whole (nearly always: it is under 256 bytes).
                    var length = window[1];
                    if (2 + length > window.Length)
                    {
                        goto default;
                    }
                    used = 2 + length;
                    input.Advance(used);
                    Push(_text.Keep(window.Slice(2, length), latin1: opcode == (byte)PickleOpcode.ShortBinString));
                    goto MemoizeNext;
                case FastOpcode.None:
                    input.Advance(1);
                    Push(PickleSlot.None);
                    break;
                case FastOpcode.NewTrue:
                    input.Advance(1);
                    Push(PickleSlot.True);
                    break;
                case FastOpcode.NewFalse:
                    input.Advance(1);
                    Push(PickleSlot.False);
                    break;
                case FastOpcode.EmptyDict:
                    input.Advance(1);
                    Push(_pool.Dict());
                    goto MemoizeNext;
                case FastOpcode.EmptyList:
                    input.Advance(1);
                    Push(_pool.Sequence("list", []));
                    goto MemoizeNext;
                case FastOpcode.EmptyTuple:
                    input.Advance(1);
                    Push(_pool.Sequence("tuple", []));
                    goto MemoizeNext;
                case FastOpcode.Tuple1:
                case FastOpcode.Tuple2:
                case FastOpcode.Tuple3:
                    input.Advance(1);
                    Tuple(opcode - (byte)PickleOpcode.Tuple1 + 1);
                    goto MemoizeNext;
                case FastOpcode.SetItems:
                    input.Advance(1);
                    SetItemsAtMark();
                    break;
                case FastOpcode.SetItem:
                    input.Advance(1);
                    SetItem();
                    break;
                case FastOpcode.Appends:
                case FastOpcode.AddItems:
                    input.Advance(1);
                    AddItemsAtMark();
                    break;
                case FastOpcode.Append:
                    input.Advance(1);
                    Append();
                    break;
                default:
                    input.Advance(1);
                    if (Step(opcode))
                    {
                        return;
                    }
                    break;
            }
            continue;

        MemoizeNext:
            // The pickler writes MEMOIZE after nearly every string, container and object. When it comes next, it runs
            // here, saving a dispatch, unless this opcode is one the loop's start would check the limits at.
            if (window.Length > used && window[used] == (byte)PickleOpcode.Memoize && (Executed & 0xFFF) != 0xFFF && Executed < maxOpcodes)
            {
                Executed++;
                _opcodeOffset = input.Offset;
                _opcode = (byte)PickleOpcode.Memoize;
                input.Advance(1);
                Memoize();
            }
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
