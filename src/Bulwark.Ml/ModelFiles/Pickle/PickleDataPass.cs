using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// A first pass over a seekable pickle stream that proves it is plain data: opcodes that push constants, build
/// containers and use the memo, and nothing that imports, calls, refers to outside objects, or that CPython would
/// fail on. Such a stream cannot run code, and the symbolic machine would report nothing on it but the notices this
/// pass reports the same way, so the machine is not run. The pass keeps only how many values each stack frame holds
/// and which memo keys exist; it gives up at the first opcode it cannot prove harmless (an import, a call, a fault, a
/// limit), and the caller rewinds and runs the machine from the start. Data pickles (datasets, vocabularies, token
/// lists) are then read once at several times the machine's speed; other pickles, which import within their first
/// bytes, pay for reading those bytes twice.
/// </summary>
internal sealed class PickleDataPass
{
    /// <summary>The longest fixed-size argument (BINFLOAT's and FRAME's 8 bytes).</summary>
    private const int MaxFixedArgument = 8;

    private readonly PickleReader _reader;
    private readonly PickleSession _session;
    private readonly ModelScanLimits _limits;
    private readonly PickleKeySet _keys;
    private readonly List<long> _memoOverflows = [];

    /// <summary>Values held by the frames below the top one (one per open MARK).</summary>
    private int[] _frames = new int[16];

    /// <summary>Set once the stream's memo is full (see <see cref="PickleMemo.Overflowed"/>).</summary>
    private bool _overflowed;

    private PickleDataPass(PickleReader reader, PickleSession session)
    {
        _reader = reader;
        _session = session;
        _limits = session.Context.Limits;
        _keys = new PickleKeySet(_limits.MaxPickleMemo);
    }

    /// <summary>
    /// True when the stream from its current position is plain data; its notices are then reported. False when the
    /// machine must analyze it (the stream is left wherever the pass stopped; the caller rewinds it).
    /// </summary>
    public static bool TryProve(Stream stream, long startOffset, PickleSession session)
    {
        using var reader = new PickleReader(stream, startOffset, session.Context.Limits.MaxPickleBytes);
        var pass = new PickleDataPass(reader, session);
        long? trailing = null;
        while (true)
        {
            if (!pass.RunPickle())
            {
                return false;
            }
            var follower = PickleAnalyzer.WhatFollows(reader);
            if (follower == PickleFollower.OtherBytes)
            {
                trailing = reader.Offset;
            }
            if (follower != PickleFollower.Pickle)
            {
                break;
            }
        }
        // The machine's notices for the same stream, in its order.
        foreach (var offset in pass._memoOverflows)
        {
            session.Notice(NoticeLevel.Info, offset, PickleMachine.MemoOverflowNotice(pass._limits, offset));
        }
        if (trailing is { } at)
        {
            session.Notice(NoticeLevel.Info, at, PickleAnalyzer.TrailingBytesNotice);
        }
        return true;
    }

    /// <summary>Follows one pickle up to and including its STOP; false at anything not proved.</summary>
    /// <remarks>Jitted fully optimized at once, like the machine's loop (a loop entered once is never re-jitted).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RunPickle()
    {
        var input = _reader;
        var maxStack = _limits.MaxPickleStack;
        var maxOpcodes = _limits.MaxPickleOpcodes;
        long executed = 0;
        var depth = 0;
        var marks = 0;
        long below = 0;
        // Values the top frame may still take: the stack limit counts every frame's values.
        var room = (long)maxStack;
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
                switch ((PickleOpcode)opcode)
                {
                    case PickleOpcode.Mark:
                        if (marks >= maxStack)
                        {
                            return false;
                        }
                        if (marks == _frames.Length)
                        {
                            Array.Resize(ref _frames, (int)Math.Min(2L * marks, maxStack));
                        }
                        _frames[marks++] = depth;
                        below += depth;
                        room = maxStack - below;
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
                        room = maxStack - below;
                        at++;
                        continue;
                    case PickleOpcode.Dup:
                    case PickleOpcode.None:
                    case PickleOpcode.NewTrue:
                    case PickleOpcode.NewFalse:
                    case PickleOpcode.EmptyDict:
                    case PickleOpcode.EmptyList:
                    case PickleOpcode.EmptyTuple:
                    case PickleOpcode.EmptySet:
                        if (depth >= room || (opcode == (byte)PickleOpcode.Dup && depth == 0))
                        {
                            return false;
                        }
                        depth++;
                        at++;
                        continue;
                    case PickleOpcode.BinInt1:
                    case PickleOpcode.BinInt2:
                    case PickleOpcode.BinInt:
                    case PickleOpcode.BinFloat:
                        if (depth >= room)
                        {
                            return false;
                        }
                        depth++;
                        at += 1 + ArgumentBytes[opcode];
                        continue;
                    case PickleOpcode.ShortBinUnicode:
                    case PickleOpcode.ShortBinString:
                    case PickleOpcode.ShortBinBytes:
                    case PickleOpcode.Long1:
                        length = window[at + 1];
                        break;
                    case PickleOpcode.BinUnicode:
                    case PickleOpcode.BinBytes:
                        length = BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]);
                        break;
                    case PickleOpcode.BinString:
                    case PickleOpcode.Long4:
                        length = BinaryPrimitives.ReadInt32LittleEndian(window[(at + 1)..]);
                        if (length < 0)
                        {
                            return false;
                        }
                        break;
                    case PickleOpcode.BinUnicode8:
                    case PickleOpcode.BinBytes8:
                    case PickleOpcode.ByteArray8:
                        var length64 = BinaryPrimitives.ReadUInt64LittleEndian(window[(at + 1)..]);
                        if (length64 > long.MaxValue)
                        {
                            return false;
                        }
                        length = (long)length64;
                        break;
                    case PickleOpcode.Tuple1:
                    case PickleOpcode.Tuple2:
                    case PickleOpcode.Tuple3:
                        var count = opcode - (byte)PickleOpcode.Tuple1 + 1;
                        if (depth < count)
                        {
                            return false;
                        }
                        depth -= count - 1;
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
                        room = maxStack - below;
                        if (depth >= room)
                        {
                            return false;
                        }
                        depth++;
                        at++;
                        continue;
                    case PickleOpcode.SetItems:
                    case PickleOpcode.Appends:
                    case PickleOpcode.AddItems:
                        // The frame's values go into the container below the MARK.
                        if (marks == 0 || (opcode == (byte)PickleOpcode.SetItems && depth % 2 != 0))
                        {
                            return false;
                        }
                        depth = _frames[--marks];
                        below -= depth;
                        room = maxStack - below;
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
                        Store(_keys.Count, start + at);
                        at++;
                        continue;
                    case PickleOpcode.BinPut:
                        if (depth == 0)
                        {
                            return false;
                        }
                        Store(window[at + 1], start + at);
                        at += 2;
                        continue;
                    case PickleOpcode.LongBinPut:
                        if (depth == 0)
                        {
                            return false;
                        }
                        Store(BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]), start + at);
                        at += 5;
                        continue;
                    case PickleOpcode.BinGet:
                    case PickleOpcode.LongBinGet:
                        var key = opcode == (byte)PickleOpcode.BinGet ? window[at + 1] : BinaryPrimitives.ReadUInt32LittleEndian(window[(at + 1)..]);
                        if (depth >= room || (!_overflowed && !_keys.Contains(key)))
                        {
                            return false;
                        }
                        depth++;
                        at += 1 + ArgumentBytes[opcode];
                        continue;
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
                    default:
                        // Imports, calls, persistent ids, extension codes, buffers, protocol 0 text arguments: the machine's.
                        return false;
                }

                // A constant whose bytes follow its length: skipped in the window, else through the reader.
                if (depth >= room)
                {
                    return false;
                }
                depth++;
                var payload = at + 1 + ArgumentBytes[opcode];
                if (length <= window.Length - payload)
                {
                    at = payload + (int)length;
                    continue;
                }
                input.Advance(payload);
                if (input.Skip(length, []) != length)
                {
                    return false;
                }
                goto NextWindow;
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

    /// <summary>MEMOIZE/PUT, counted as <see cref="PickleMachine"/> counts them (a value is never an import here).</summary>
    private void Store(long key, long offset)
    {
        if (_overflowed || _keys.Contains(key))
        {
            return;
        }
        if (_keys.Count < _limits.MaxPickleMemo)
        {
            _keys.Add(key);
            return;
        }
        _overflowed = true;
        _memoOverflows.Add(offset);
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
