using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Symbolic execution of CPython's pickle machine for one pickle (up to its STOP): the real stack with MARK
/// fences, the memo (shared by stacked pickles, as one Unpickler's memo is), and symbolic values. Imports and
/// calls go to the <see cref="PickleSession"/>; the opcodes follow the C unpickler's semantics and errors.
/// </summary>
internal sealed partial class PickleMachine(PickleReader reader, PickleSession session, PickleMemo memo)
{
    private const int MaxContainerItems = 100_000;

    private readonly ModelScanLimits _limits = session.Context.Limits;
    private readonly int _maxStack = session.Context.Limits.MaxPickleStack;

    // The stack and the MARK fences are plain arrays: MARK-delimited items are read in place (no copies per opcode).
    private PickleValue[] _stack = new PickleValue[Math.Clamp(session.Context.Limits.MaxPickleStack, 0, 64)];
    private int _depth;

    /// <summary>Stack index of the topmost MARK (0 without one): values below it cannot be popped.</summary>
    private int _fence;
    private int[] _marks = new int[16];
    private int _markCount;
    private long _opcodeOffset;
    private byte _opcode;

    /// <summary>Opcodes executed so far.</summary>
    public long Executed { get; private set; }

    /// <summary>The protocol announced by PROTO (0 when none).</summary>
    public int Protocol { get; private set; }

    /// <summary>Runs to STOP. Returns null on success, else the fault (already described, not yet reported).</summary>
    /// <remarks>
    /// This and the Execute* methods are jitted fully optimized on first use instead of running their ReadyToRun code:
    /// a loop entered once is never re-jitted, and ReadyToRun code cannot inline the runtime library's generic helpers,
    /// which made every opcode pay for several calls until tiering caught up, seconds into a scan.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PickleFault? Run()
    {
        try
        {
            while (true)
            {
                if (++Executed > _limits.MaxPickleOpcodes)
                {
                    throw new PickleFault($"more than {_limits.MaxPickleOpcodes} opcodes; the rest was not analyzed", reader.Offset);
                }
                if ((Executed & 0xFFF) == 0 && (session.Context.Expired || session.CancellationToken.IsCancellationRequested))
                {
                    throw new PickleFault("time limit reached; the rest was not analyzed", reader.Offset);
                }
                _opcodeOffset = reader.Offset;
                if (!reader.TryReadByte(out var opcode))
                {
                    _opcode = (byte)PickleOpcode.Stop;
                    throw Truncated();
                }
                if (!PickleOpcodeNames.IsOpcode(opcode))
                {
                    throw new PickleFault($"unknown opcode 0x{opcode:x2} at offset {_opcodeOffset}", _opcodeOffset);
                }
                _opcode = opcode;
                if (opcode == (byte)PickleOpcode.Stop)
                {
                    Pop();
                    return null;
                }
                Execute((PickleOpcode)opcode);
            }
        }
        catch (PickleFault fault)
        {
            return fault;
        }
    }

    /// <summary>The current opcode's name, for messages (resolved only when one is written).</summary>
    private string OpcodeName => PickleOpcodeNames.Name(_opcode)!;

    private PickleFault Truncated() => reader.ReadError is { } error
        ? new PickleFault($"the stream cannot be read past offset {reader.Offset} ({error})", _opcodeOffset, truncated: true)
        : reader.LimitReached
        ? new PickleFault($"pickle longer than the {_limits.MaxPickleBytes}-byte limit; stopped in {OpcodeName} at offset {_opcodeOffset}", _opcodeOffset, truncated: true)
        : new PickleFault($"truncated pickle at offset {_opcodeOffset} ({OpcodeName} needs more bytes than the file has)", _opcodeOffset, truncated: true);

    private PickleFault Invalid(string what) =>
        new($"{OpcodeName} at offset {_opcodeOffset}: {what}", _opcodeOffset);

    // Push, Pop and Top run for nearly every opcode: small inlined fast paths, growth and errors out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(PickleValue value)
    {
        // Through a span: a store into PickleValue[] would otherwise run the array covariance check.
        var slots = _stack.AsSpan();
        var depth = _depth;
        if ((uint)depth < (uint)slots.Length)
        {
            slots[depth] = value;
            _depth = depth + 1;
        }
        else
        {
            PushGrowing(value);
        }
    }

    /// <summary>The stack array never outgrows the limit, so a full array at the limit is the limit.</summary>
    private void PushGrowing(PickleValue value)
    {
        if (_depth >= _maxStack)
        {
            throw Invalid($"the stack exceeds {_maxStack} entries");
        }
        Array.Resize(ref _stack, (int)Math.Min(Math.Max(16, 2L * _stack.Length), _maxStack));
        _stack.AsSpan()[_depth++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleValue Pop()
    {
        if (_depth <= _fence)
        {
            throw Invalid("stack underflow");
        }
        var slots = _stack.AsSpan();
        var value = slots[--_depth];
        slots[_depth] = null!;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleValue Top() => _depth > _fence ? _stack[_depth - 1] : throw Invalid("stack underflow");

    private void ReplaceTop(PickleValue value) => _stack.AsSpan()[_depth - 1] = value;

    /// <summary>MARKs count against the stack limit too: a stream of MARKs alone must not grow memory without bound.</summary>
    private void Mark()
    {
        if (_markCount >= _maxStack)
        {
            throw Invalid($"more than {_maxStack} MARKs are open");
        }
        if (_markCount == _marks.Length)
        {
            Array.Resize(ref _marks, (int)Math.Min(2L * _marks.Length, _maxStack));
        }
        _marks[_markCount++] = _depth;
        _fence = _depth;
    }

    /// <summary>Removes the topmost MARK; the items above it stay readable through <see cref="Above"/> until <see cref="Cut"/>.</summary>
    private int PopFence()
    {
        if (_markCount == 0)
        {
            throw Invalid("no MARK on the stack");
        }
        var fence = _marks[--_markCount];
        _fence = _markCount == 0 ? 0 : _marks[_markCount - 1];
        return fence;
    }

    private ReadOnlySpan<PickleValue> Above(int fence) => _stack.AsSpan(fence, _depth - fence);

    /// <summary>The value just below a popped MARK (the list or dict that APPENDS/SETITEMS extend).</summary>
    private PickleValue Below(int fence) => fence > _fence ? _stack[fence - 1] : throw Invalid("stack underflow");

    private void Cut(int fence)
    {
        Array.Clear(_stack, fence, _depth - fence);
        _depth = fence;
    }

    private List<PickleValue> PopMark()
    {
        var fence = PopFence();
        List<PickleValue> items = [.. Above(fence)];
        Cut(fence);
        return items;
    }

[MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Execute(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.Mark:
                Mark();
                break;
            // The memo opcodes follow nearly every object a pickler writes: dispatched here, first.
            case PickleOpcode.Put:
                Store(ParseMemoKey(ReadLine(out _)));
                break;
            case PickleOpcode.BinPut:
                Store(ReadByte());
                break;
            case PickleOpcode.LongBinPut:
                Store(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                break;
            case PickleOpcode.Memoize:
                Store(memo.Count);
                break;
            case PickleOpcode.Get:
                Fetch(ParseMemoKey(ReadLine(out _)));
                break;
            case PickleOpcode.BinGet:
                Fetch(ReadByte());
                break;
            case PickleOpcode.LongBinGet:
                Fetch(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                break;
            case PickleOpcode.Pop:
                if (_depth > _fence)
                {
                    Pop();
                }
                else
                {
                    Cut(PopFence());
                }
                break;
            case PickleOpcode.PopMark:
                Cut(PopFence());
                break;
            case PickleOpcode.Dup:
                Push(Top());
                break;
            case PickleOpcode.Proto:
                Protocol = ReadByte();
                if (Protocol > 5)
                {
                    throw Invalid($"unsupported pickle protocol {Protocol}");
                }
                break;
            case PickleOpcode.Frame:
                if (ReadUInt64() > long.MaxValue)
                {
                    throw Invalid("frame length too large");
                }
                break;
            case PickleOpcode.None:
                Push(PickleValue.None);
                break;
            case PickleOpcode.NewTrue:
                Push(PickleValue.True);
                break;
            case PickleOpcode.NewFalse:
                Push(PickleValue.False);
                break;
            default:
                if (!ExecuteData(opcode) && !ExecuteContainer(opcode))
                {
                    ExecuteObject(opcode);
                }
                break;
        }
    }

    private void Notice(string message) => session.Notice(NoticeLevel.Info, _opcodeOffset, message);
}
