using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The dispatch loop: one flat switch (one jump per opcode, no chain of handlers and no call per opcode), with the
/// opcodes a data pickle is made of handled in place and the rest in the helpers of the other parts.
/// </summary>
internal sealed partial class PickleMachine
{
    /// <summary>Runs opcodes up to and including STOP; faults are thrown.</summary>
    /// <remarks>
    /// Jitted fully optimized on first use instead of running its ReadyToRun code: a loop entered once is never
    /// re-jitted, and ReadyToRun code cannot inline the runtime library's generic helpers, which made every opcode pay
    /// for several calls until tiering caught up, seconds into a scan.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop()
    {
        var maxOpcodes = _limits.MaxPickleOpcodes;
        while (true)
        {
            var executed = ++Executed;
            if (executed > maxOpcodes)
            {
                throw new PickleFault($"more than {maxOpcodes} opcodes; the rest was not analyzed", reader.Offset);
            }
            if ((executed & 0xFFF) == 0 && (session.Context.Expired || session.CancellationToken.IsCancellationRequested))
            {
                throw new PickleFault("time limit reached; the rest was not analyzed", reader.Offset);
            }
            _opcodeOffset = reader.Offset;
            if (!reader.TryReadByte(out var opcode))
            {
                _opcode = (byte)PickleOpcode.Stop;
                throw Truncated();
            }
            _opcode = opcode;
            switch ((PickleOpcode)opcode)
            {
                case PickleOpcode.Stop:
                    Pop();
                    return;
                case PickleOpcode.Mark:
                    Mark();
                    break;
                case PickleOpcode.Memoize:
                    Store(memo.Count);
                    break;
                case PickleOpcode.BinPut:
                    Store(ReadByte());
                    break;
                case PickleOpcode.LongBinPut:
                    Store(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                    break;
                case PickleOpcode.Put:
                    Store(ParseMemoKey(ReadLine(out _)));
                    break;
                case PickleOpcode.BinGet:
                    Fetch(ReadByte());
                    break;
                case PickleOpcode.LongBinGet:
                    Fetch(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                    break;
                case PickleOpcode.Get:
                    Fetch(ParseMemoKey(ReadLine(out _)));
                    break;
                case PickleOpcode.BinInt:
                    Push(PickleSlot.Int(BinaryPrimitives.ReadInt32LittleEndian(Read(4))));
                    break;
                case PickleOpcode.BinInt1:
                    Push(PickleSlot.Int(ReadByte()));
                    break;
                case PickleOpcode.BinInt2:
                    Push(PickleSlot.Int(BinaryPrimitives.ReadUInt16LittleEndian(Read(2))));
                    break;
                case PickleOpcode.BinFloat:
                    Push(PickleSlot.Float(BinaryPrimitives.ReadDoubleBigEndian(Read(8))));
                    break;
                case PickleOpcode.ShortBinUnicode:
                    Push(ReadString(ReadByte(), Encoding.UTF8));
                    break;
                case PickleOpcode.BinUnicode:
                    Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)), Encoding.UTF8));
                    break;
                case PickleOpcode.BinUnicode8:
                    Push(ReadString(ReadLength64(), Encoding.UTF8));
                    break;
                case PickleOpcode.ShortBinString:
                    Push(ReadString(ReadByte(), Encoding.Latin1));
                    break;
                case PickleOpcode.BinString:
                    var binLength = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                    Push(binLength < 0 ? throw Invalid("negative byte count") : ReadString(binLength, Encoding.Latin1));
                    break;
                case PickleOpcode.None:
                    Push(PickleSlot.None);
                    break;
                case PickleOpcode.NewTrue:
                    Push(PickleSlot.True);
                    break;
                case PickleOpcode.NewFalse:
                    Push(PickleSlot.False);
                    break;
                case PickleOpcode.EmptyDict:
                    Push(_pool.Dict());
                    break;
                case PickleOpcode.SetItems:
                    var entries = PopFence();
                    SetItems(Below(entries), Above(entries));
                    Cut(entries);
                    break;
                case PickleOpcode.SetItem:
                    SetItem();
                    break;
                case PickleOpcode.Dict:
                    Push(Dict());
                    break;
                case PickleOpcode.EmptyList:
                    Push(_pool.Sequence("list", []));
                    break;
                case PickleOpcode.Appends:
                case PickleOpcode.AddItems:
                    var appended = PopFence();
                    AddItems(Below(appended), Above(appended));
                    Cut(appended);
                    break;
                case PickleOpcode.Append:
                    var item = Pop();
                    AddItems(Top(), new ReadOnlySpan<PickleSlot>(in item));
                    _pool.Drop(item);
                    break;
                case PickleOpcode.Tuple1:
                case PickleOpcode.Tuple2:
                case PickleOpcode.Tuple3:
                    Push(Tuple(opcode - (byte)PickleOpcode.Tuple1 + 1));
                    break;
                case PickleOpcode.EmptyTuple:
                    Push(_pool.Sequence("tuple", []));
                    break;
                case PickleOpcode.Tuple:
                    Push(Sequence("tuple"));
                    break;
                case PickleOpcode.List:
                    Push(Sequence("list"));
                    break;
                case PickleOpcode.EmptySet:
                    Push(_pool.Sequence("set", []));
                    break;
                case PickleOpcode.FrozenSet:
                    Push(Sequence("frozenset"));
                    break;
                case PickleOpcode.Pop:
                    if (_depth > _fence)
                    {
                        _pool.Drop(Pop());
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
                    var top = Top();
                    top.Share();
                    Push(top);
                    break;
                case PickleOpcode.Frame:
                    if (ReadUInt64() > long.MaxValue)
                    {
                        throw Invalid("frame length too large");
                    }
                    break;
                case PickleOpcode.Proto:
                    Protocol = ReadByte();
                    if (Protocol > 5)
                    {
                        throw Invalid($"unsupported pickle protocol {Protocol}");
                    }
                    break;
                default:
                    StepRare((PickleOpcode)opcode);
                    break;
            }
        }
    }
}
