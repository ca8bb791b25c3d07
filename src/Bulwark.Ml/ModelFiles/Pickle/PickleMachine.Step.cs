using System.Buffers.Binary;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Every opcode, its arguments read through the reader's checked calls (which refill the buffer and report a
/// truncated stream). The reference semantics: <see cref="Loop"/> takes a shortcut only for opcodes whose arguments
/// are already buffered, through the same helpers.
/// </summary>
internal sealed partial class PickleMachine
{
    /// <summary>Runs <paramref name="opcode"/> (already consumed). True for STOP.</summary>
    private bool Step(byte opcode)
    {
        switch ((PickleOpcode)opcode)
        {
            case PickleOpcode.Stop:
                Pop();
                return true;
            case PickleOpcode.Mark:
                Mark();
                break;
            case PickleOpcode.Memoize:
                Memoize();
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
                Push(ReadString(ReadByte(), latin1: false));
                break;
            case PickleOpcode.BinUnicode:
                Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)), latin1: false));
                break;
            case PickleOpcode.BinUnicode8:
                Push(ReadString(ReadLength64(), latin1: false));
                break;
            case PickleOpcode.ShortBinString:
                Push(ReadString(ReadByte(), latin1: true));
                break;
            case PickleOpcode.BinString:
                var binLength = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                Push(binLength < 0 ? throw Invalid("negative byte count") : ReadString(binLength, latin1: true));
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
                SetItemsAtMark();
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
                AddItemsAtMark();
                break;
            case PickleOpcode.Append:
                Append();
                break;
            case PickleOpcode.Tuple1:
            case PickleOpcode.Tuple2:
            case PickleOpcode.Tuple3:
                Tuple(opcode - (byte)PickleOpcode.Tuple1 + 1);
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
                PopOne();
                break;
            case PickleOpcode.PopMark:
                Drop(PopFrame());
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
        return false;
    }
}
