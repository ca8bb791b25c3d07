using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Symbolic execution of CPython's pickle machine for one pickle (up to its STOP): the real stack with MARK
/// fences, the memo (shared by stacked pickles, as one Unpickler's memo is), and symbolic values. Imports and
/// calls go to the <see cref="PickleSession"/>; the opcodes follow the C unpickler's semantics and errors.
/// </summary>
internal sealed partial class PickleMachine(PickleReader reader, PickleSession session, Dictionary<long, PickleValue> memo)
{
    private const int MaxContainerItems = 100_000;

    private readonly List<PickleValue> _stack = [];
    private readonly List<int> _marks = [];
    private readonly ModelScanLimits _limits = session.Context.Limits;
    private long _opcodeOffset;
    private string _opcodeName = "";

    /// <summary>Opcodes executed so far.</summary>
    public long Executed { get; private set; }

    /// <summary>The protocol announced by PROTO (0 when none).</summary>
    public int Protocol { get; private set; }

    /// <summary>Runs to STOP. Returns null on success, else the fault (already described, not yet reported).</summary>
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
                    _opcodeName = "STOP";
                    throw Truncated();
                }
                _opcodeName = PickleOpcodeNames.Name(opcode)
                    ?? throw new PickleFault($"unknown opcode 0x{opcode:x2} at offset {_opcodeOffset}", _opcodeOffset);
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

    private PickleFault Truncated() => reader.ReadError is { } error
        ? new PickleFault($"the stream cannot be read past offset {reader.Offset} ({error})", _opcodeOffset, truncated: true)
        : reader.LimitReached
        ? new PickleFault($"pickle longer than the {_limits.MaxPickleBytes}-byte limit; stopped in {_opcodeName} at offset {_opcodeOffset}", _opcodeOffset, truncated: true)
        : new PickleFault($"truncated pickle at offset {_opcodeOffset} ({_opcodeName} needs more bytes than the file has)", _opcodeOffset, truncated: true);

    private PickleFault Invalid(string what) =>
        new($"{_opcodeName} at offset {_opcodeOffset}: {what}", _opcodeOffset);

    private int Fence => _marks.Count == 0 ? 0 : _marks[^1];

    private void Push(PickleValue value)
    {
        if (_stack.Count >= _limits.MaxPickleStack)
        {
            throw Invalid($"the stack exceeds {_limits.MaxPickleStack} entries");
        }
        _stack.Add(value);
    }

    private PickleValue Pop()
    {
        if (_stack.Count <= Fence)
        {
            throw Invalid("stack underflow");
        }
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private PickleValue Top() => _stack.Count > Fence ? _stack[^1] : throw Invalid("stack underflow");

    private void ReplaceTop(PickleValue value) => _stack[^1] = value;

    private List<PickleValue> PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Invalid("no MARK on the stack");
        }
        var fence = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(fence, _stack.Count - fence);
        _stack.RemoveRange(fence, _stack.Count - fence);
        return items;
    }

    private void Execute(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.Mark:
                _marks.Add(_stack.Count);
                break;
            case PickleOpcode.Pop:
                if (_stack.Count > Fence)
                {
                    Pop();
                }
                else
                {
                    PopMark();
                }
                break;
            case PickleOpcode.PopMark:
                PopMark();
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
