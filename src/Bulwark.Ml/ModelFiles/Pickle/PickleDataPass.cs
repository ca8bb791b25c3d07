using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// A first pass over a seekable pickle stream that proves it harmless: opcodes that push constants, build containers
/// and use the memo, imports of globals that are allowlisted or unknown and calls of them (a list of OrderedDicts, of
/// scikit-learn objects, of a project's own classes), and nothing that imports a dangerous global, calls a value made
/// while loading, plants a __setstate__, refers to outside objects, or that CPython would fail on. On such a stream
/// the symbolic machine would report nothing but the imports (for --list-globals, and a finding for each one not
/// allowlisted), the calls of those, and the notices. The pass reports them the same way, so the machine runs only
/// as far as the first call of the last unknown global, whose arguments its finding shows (usually a few bytes into
/// the stream), or not at all. The pass keeps a <see cref="PickleShape"/> per stack value and memo entry, no values; it
/// gives up at the first opcode it cannot prove harmless, and the caller rewinds and runs the machine from the start.
/// Data and object pickles (datasets, vocabularies, lists of records) are then read at several times the machine's
/// speed; other pickles, which import something dangerous within their first bytes, pay for reading those bytes twice.
/// </summary>
internal sealed partial class PickleDataPass
{
    /// <summary>The longest fixed-size argument (BINFLOAT's and FRAME's 8 bytes).</summary>
    private const int MaxFixedArgument = 8;

    private readonly PickleReader _reader;
    private readonly PickleSession _session;
    private readonly ModelScanLimits _limits;
    private readonly PickleShapeMemo _memo;
    private readonly List<long> _memoOverflows = [];

    /// <summary>Every frame's values, the top frame's last.</summary>
    private PickleShape[] _slots = new PickleShape[64];

    /// <summary>Values held by the frame below each open MARK's (what the frame had when the MARK came).</summary>
    private int[] _frames = new int[16];

    /// <summary>Set once the stream's memo is full (see <see cref="PickleMemo.Overflowed"/>).</summary>
    private bool _overflowed;

    /// <summary>Where bytes that are not another pickle follow the last STOP, if they do.</summary>
    private long? _trailing;

    private PickleDataPass(PickleReader reader, PickleSession session)
    {
        _reader = reader;
        _session = session;
        _limits = session.Context.Limits;
        _memo = new PickleShapeMemo(_limits.MaxPickleMemo);
    }

    /// <summary>
    /// The proved pass when the stream from its current position is proved harmless (the caller runs the machine up to
    /// <see cref="MachineUntil"/> if set, then has the pass <see cref="Report"/>); null when the machine must analyze it
    /// (the stream is left wherever the pass stopped; the caller rewinds it).
    /// </summary>
    public static PickleDataPass? TryProve(Stream stream, long startOffset, PickleSession session)
    {
        using var reader = new PickleReader(stream, startOffset, session.Context.Limits.MaxPickleBytes);
        var pass = new PickleDataPass(reader, session);
        for (; ; pass._pickle++)
        {
            if (!pass.RunPickle())
            {
                return null;
            }
            var follower = PickleAnalyzer.WhatFollows(reader);
            if (follower == PickleFollower.OtherBytes)
            {
                pass._trailing = reader.Offset;
            }
            if (follower != PickleFollower.Pickle)
            {
                return pass;
            }
        }
    }

    /// <summary>Follows one pickle up to and including its STOP; false at anything not proved.</summary>
    /// <remarks>
    /// Jitted fully optimized at once, like the machine's loop (a loop entered once is never re-jitted). The stack is
    /// one array for all frames: the top frame holds <c>depth</c> values from index <c>below</c>; <c>room</c> is how
    /// many it may hold before the array grows or the stack limit is reached.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RunPickle()
    {
        var input = _reader;
        var maxOpcodes = _limits.MaxPickleOpcodes;
        var slots = _slots;
        long executed = 0;
        var depth = 0;
        var marks = 0;
        var below = 0;
        var room = Room(below);
        Span<byte> head = stackalloc byte[SetStateName.Length];
        while (true)
        {
            var window = input.Window(1 + MaxFixedArgument);
            // Fewer bytes than an opcode with the longest fixed argument: the end of the stream, where every argument is
            // checked to be there; elsewhere it surely is.
            var tail = window.Length <= MaxFixedArgument;
            var start = input.Offset;
            var at = 0;
            while (tail ? at < window.Length : window.Length - at > MaxFixedArgument)
            {
                if (++executed > maxOpcodes || ((executed & 0xFFF) == 0 && (_session.Context.Expired || _session.CancellationToken.IsCancellationRequested)))
                {
                    return false;
                }
                var opcode = window[at];
                if (tail && at + 1 + ArgumentBytes[opcode] > window.Length)
                {
                    return false;
                }
                long length;
                PickleShape pushed;
                // Set when the opcode was read through the reader: the window is used up.
                var throughReader = false;
                switch ((PickleOpcode)opcode)
                {
                    case PickleOpcode.Mark:
                        if (marks >= _limits.MaxPickleStack)
                        {
                            return false;
                        }
                        if (marks == _frames.Length)
                        {
                            Array.Resize(ref _frames, (int)Math.Min(2L * marks, _limits.MaxPickleStack));
                        }
                        _frames[marks++] = depth;
                        below += depth;
                        room = Room(below);
                        depth = 0;
                        at++;
                        continue;
                    case PickleOpcode.Stop:
                        if (depth < 1)
                        {
                            return false;
                        }
                        input.Advance(at + 1);
                        return true;
                    case PickleOpcode.Pop:
                        if (depth > 0)
                        {
                            depth--;
                            at++;
                            continue;
                        }
                        goto case PickleOpcode.PopMark;
                    case PickleOpcode.PopMark:
                        if (marks == 0)
                        {
                            return false;
                        }
                        depth = _frames[--marks];
                        below -= depth;
                        room = Room(below);
                        at++;
                        continue;
                    case PickleOpcode.Dup:
                        if (depth == 0)
                        {
                            return false;
                        }
                        pushed = slots[below + depth - 1];
                        at++;
                        break;
                    case PickleOpcode.None:
                    case PickleOpcode.NewTrue:
                    case PickleOpcode.NewFalse:
                    case PickleOpcode.EmptyDict:
                    case PickleOpcode.EmptyList:
                    case PickleOpcode.EmptyTuple:
                    case PickleOpcode.EmptySet:
                        pushed = PickleShape.Data;
                        at++;
                        break;
                    case PickleOpcode.BinInt1:
                    case PickleOpcode.BinInt2:
                    case PickleOpcode.BinInt:
                    case PickleOpcode.BinFloat:
                        pushed = PickleShape.Data;
                        at += 1 + ArgumentBytes[opcode];
                        break;
                    case PickleOpcode.ShortBinUnicode:
                    case PickleOpcode.ShortBinString:
                    case PickleOpcode.ShortBinBytes:
                    case PickleOpcode.Long1:
                        length = window[at + 1];
                        goto Payload;
                    case PickleOpcode.BinUnicode:
                    case PickleOpcode.BinBytes:
                        length = BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]);
                        goto Payload;
                    case PickleOpcode.BinString:
                    case PickleOpcode.Long4:
                        length = BinaryPrimitives.ReadInt32LittleEndian(window[(at + 1)..]);
                        if (length < 0)
                        {
                            return false;
                        }
                        goto Payload;
                    case PickleOpcode.BinUnicode8:
                    case PickleOpcode.BinBytes8:
                    case PickleOpcode.ByteArray8:
                        var length64 = BinaryPrimitives.ReadUInt64LittleEndian(window[(at + 1)..]);
                        if (length64 > long.MaxValue)
                        {
                            return false;
                        }
                        length = (long)length64;
                        goto Payload;
                    case PickleOpcode.Tuple1:
                    case PickleOpcode.Tuple2:
                    case PickleOpcode.Tuple3:
                        var count = opcode - (byte)PickleOpcode.Tuple1 + 1;
                        if (depth < count)
                        {
                            return false;
                        }
                        depth -= count - 1;
                        slots[below + depth - 1] = PickleShape.Data;
                        at++;
                        continue;
                    case PickleOpcode.Tuple:
                    case PickleOpcode.List:
                    case PickleOpcode.FrozenSet:
                    case PickleOpcode.Dict:
                        // The frame's values become one container, pushed on the frame below.
                        if (marks == 0 || (opcode == (byte)PickleOpcode.Dict && depth % 2 != 0))
                        {
                            return false;
                        }
                        depth = _frames[--marks];
                        below -= depth;
                        room = Room(below);
                        pushed = PickleShape.Data;
                        at++;
                        break;
                    case PickleOpcode.SetItems:
                    case PickleOpcode.Appends:
                    case PickleOpcode.AddItems:
                        // The frame's values go into the container (or object) below the MARK.
                        if (marks == 0 || (opcode == (byte)PickleOpcode.SetItems && depth % 2 != 0))
                        {
                            return false;
                        }
                        depth = _frames[--marks];
                        below -= depth;
                        room = Room(below);
                        if (depth == 0)
                        {
                            return false;
                        }
                        at++;
                        continue;
                    case PickleOpcode.Append:
                        if (depth < 2)
                        {
                            return false;
                        }
                        depth--;
                        at++;
                        continue;
                    case PickleOpcode.SetItem:
                        if (depth < 3)
                        {
                            return false;
                        }
                        depth -= 2;
                        at++;
                        continue;
                    case PickleOpcode.Memoize:
                        if (depth == 0)
                        {
                            return false;
                        }
                        Store(_memo.Count, slots[below + depth - 1], start + at);
                        at++;
                        continue;
                    case PickleOpcode.BinPut:
                        if (depth == 0)
                        {
                            return false;
                        }
                        Store(window[at + 1], slots[below + depth - 1], start + at);
                        at += 2;
                        continue;
                    case PickleOpcode.LongBinPut:
                        if (depth == 0)
                        {
                            return false;
                        }
                        Store(BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]), slots[below + depth - 1], start + at);
                        at += 5;
                        continue;
                    case PickleOpcode.BinGet:
                    case PickleOpcode.LongBinGet:
                        var key = opcode == (byte)PickleOpcode.BinGet ? window[at + 1] : BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]);
                        pushed = _memo.Get(key);
                        if (pushed.IsEmpty)
                        {
                            if (!_overflowed)
                            {
                                return false;
                            }
                            pushed = PickleShape.Unknown;
                        }
                        at += 1 + ArgumentBytes[opcode];
                        break;
                    case PickleOpcode.Frame:
                        if (BinaryPrimitives.ReadUInt64LittleEndian(window[(at + 1)..]) > long.MaxValue)
                        {
                            return false;
                        }
                        at += 9;
                        continue;
                    case PickleOpcode.Proto:
                        if (window[at + 1] > 5)
                        {
                            return false;
                        }
                        at += 2;
                        continue;
                    case PickleOpcode.StackGlobal:
                        var stacked = depth < 2 ? -1 : StackGlobal(slots[below + depth - 2], slots[below + depth - 1], start + at);
                        if (stacked < 0)
                        {
                            return false;
                        }
                        depth -= 2;
                        pushed = PickleShape.Global(stacked);
                        at++;
                        break;
                    case PickleOpcode.Global:
                    case PickleOpcode.Inst:
                        // Protocol 0 text arguments (module and name lines), read through the reader.
                        input.Advance(at + 1);
                        throughReader = true;
                        var inst = opcode == (byte)PickleOpcode.Inst;
                        var imported = ImportLines(start + at, inst ? "INST" : "GLOBAL");
                        if (imported < 0)
                        {
                            return false;
                        }
                        pushed = PickleShape.Global(imported);
                        if (inst)
                        {
                            // INST calls the class with the values above the MARK.
                            if (marks == 0 || !Call(pushed, start + at, executed))
                            {
                                return false;
                            }
                            depth = _frames[--marks];
                            below -= depth;
                            room = Room(below);
                            pushed = PickleShape.Object;
                        }
                        break;
                    case PickleOpcode.Reduce:
                        // The callee (below its argument tuple) becomes what the call returned.
                        if (depth < 2 || !Call(slots[below + depth - 2], start + at, executed))
                        {
                            return false;
                        }
                        depth--;
                        slots[below + depth - 1] = PickleShape.Object;
                        at++;
                        continue;
                    case PickleOpcode.NewObj:
                    case PickleOpcode.NewObjEx:
                        // cls, args (and kwargs for NEWOBJ_EX) become the instance.
                        var operands = opcode == (byte)PickleOpcode.NewObj ? 2 : 3;
                        if (depth < operands || !Call(slots[below + depth - operands], start + at, executed))
                        {
                            return false;
                        }
                        depth -= operands;
                        pushed = PickleShape.Object;
                        at++;
                        break;
                    case PickleOpcode.Obj:
                        // The first value above the MARK is called with the others.
                        if (marks == 0 || depth == 0 || !Call(slots[below], start + at, executed))
                        {
                            return false;
                        }
                        depth = _frames[--marks];
                        below -= depth;
                        room = Room(below);
                        pushed = PickleShape.Object;
                        at++;
                        break;
                    case PickleOpcode.Build:
                        // BUILD on an instance stores its state (no __setstate__ can be planted: see Payload); on a
                        // global it would monkey-patch the class, which the machine reports.
                        if (depth < 2 || slots[below + depth - 2].IsGlobal)
                        {
                            return false;
                        }
                        depth--;
                        at++;
                        continue;
                    default:
                        // Persistent ids, extension codes, buffers, protocol 0 text arguments: the machine's.
                        return false;
                }
                Push:
                if (depth >= room)
                {
                    if (!Grow(below + depth))
                    {
                        return false;
                    }
                    slots = _slots;
                    room = Room(below);
                }
                slots[below + depth++] = pushed;
                if (throughReader)
                {
                    goto NextWindow;
                }
                continue;

                Payload:
                // A constant whose bytes follow its length: skipped in the window, else through the reader.
                var payload = at + 1 + ArgumentBytes[opcode];
                var text = IsText(opcode);
                pushed = text ? PickleShape.Text(start + payload, length, latin1: opcode is (byte)PickleOpcode.ShortBinString or (byte)PickleOpcode.BinString) : PickleShape.Data;
                if (length <= window.Length - payload)
                {
                    // The machine finds a planted __setstate__ only as a str the pickle spells out.
                    if (text && length == SetStateName.Length && window.Slice(payload, SetStateName.Length).SequenceEqual(SetStateName))
                    {
                        return false;
                    }
                    at = payload + (int)length;
                    goto Push;
                }
                input.Advance(payload);
                throughReader = true;
                if (input.Skip(length, head) != length || (text && length == SetStateName.Length && head.SequenceEqual(SetStateName)))
                {
                    return false;
                }
                goto Push;
            }
            if (tail)
            {
                // The stream ended before STOP.
                return false;
            }
            input.Advance(at);
        NextWindow:;
        }
    }

    private static ReadOnlySpan<byte> SetStateName => "__setstate__"u8;

    private static bool IsText(byte opcode) => opcode is (byte)PickleOpcode.ShortBinUnicode or (byte)PickleOpcode.BinUnicode
        or (byte)PickleOpcode.BinUnicode8 or (byte)PickleOpcode.ShortBinString or (byte)PickleOpcode.BinString;

    /// <summary>Values the top frame, starting at <paramref name="below"/>, may hold before <see cref="Grow"/>.</summary>
    private int Room(int below) => Math.Min(_limits.MaxPickleStack, _slots.Length) - below;

    /// <summary>Makes room for the value at <paramref name="index"/>; false past the stack limit (all frames' values).</summary>
    private bool Grow(int index)
    {
        if (index >= _limits.MaxPickleStack)
        {
            return false;
        }
        if (index >= _slots.Length)
        {
            Array.Resize(ref _slots, (int)Math.Min(2L * _slots.Length, _limits.MaxPickleStack));
        }
        return true;
    }

    /// <summary>
    /// Bytes of each opcode's fixed argument (a length prefix for the variable ones), for the opcodes this pass follows;
    /// 0 for the others. Constant data, so the lookup needs no initialization check.
    /// </summary>
    private static ReadOnlySpan<byte> ArgumentBytes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 4, 1, 0, 0, 0, 8, 0, 0, 4, 1, 0, 2, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 1, 8, 8, 0, 0, 0, 0, 0, 0, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
}
