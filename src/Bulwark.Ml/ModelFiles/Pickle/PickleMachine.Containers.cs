using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Tuples, lists, dicts, sets, and the memo.</summary>
internal sealed partial class PickleMachine
{
    /// <summary>What a memo reference returns once the value was not remembered (see <see cref="ModelScanLimits.MaxPickleMemo"/>).</summary>
    private static readonly PickleValue Forgotten = new PickleUnknown("a memo value not remembered (memo limit)");

    private bool _memoOverflowed;

    private bool ExecuteContainer(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.EmptyTuple:
                Push(new PickleSequence("tuple", []));
                break;
            case PickleOpcode.Tuple:
                Push(Sequence("tuple", PopMark()));
                break;
            case PickleOpcode.Tuple1:
            case PickleOpcode.Tuple2:
            case PickleOpcode.Tuple3:
                var count = opcode - PickleOpcode.Tuple1 + 1;
                var items = new PickleValue[count];
                for (var i = count - 1; i >= 0; i--)
                {
                    items[i] = Pop();
                }
                Push(new PickleSequence("tuple", [.. items]));
                break;
            case PickleOpcode.EmptyList:
                Push(new PickleSequence("list", []));
                break;
            case PickleOpcode.List:
                Push(Sequence("list", PopMark()));
                break;
            case PickleOpcode.EmptySet:
                Push(new PickleSequence("set", []));
                break;
            case PickleOpcode.FrozenSet:
                Push(Sequence("frozenset", PopMark()));
                break;
            case PickleOpcode.Append:
                var item = Pop();
                AddItems(Top(), [item]);
                break;
            case PickleOpcode.Appends:
            case PickleOpcode.AddItems:
                var appended = PopMark();
                AddItems(Top(), appended);
                break;
            case PickleOpcode.EmptyDict:
                Push(new PickleDict());
                break;
            case PickleOpcode.Dict:
                var pairs = PopMark();
                var dict = new PickleDict();
                SetItems(dict, pairs);
                Push(dict);
                break;
            case PickleOpcode.SetItem:
                var value = Pop();
                var key = Pop();
                SetItems(Top(), [key, value]);
                break;
            case PickleOpcode.SetItems:
                var entries = PopMark();
                SetItems(Top(), entries);
                break;
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
            default:
                return false;
        }
        return true;
    }

    private static PickleSequence Sequence(string kind, List<PickleValue> items)
    {
        var count = items.Count;
        if (count > MaxContainerItems)
        {
            items.RemoveRange(MaxContainerItems, count - MaxContainerItems);
        }
        return new PickleSequence(kind, items) { Count = count };
    }

    /// <summary>APPEND(S)/ADDITEMS: on a non-list CPython calls the object's append/extend/add, which its class defines.</summary>
    private static void AddItems(PickleValue target, List<PickleValue> items)
    {
        if (target is PickleSequence sequence)
        {
            var room = Math.Max(0, MaxContainerItems - sequence.Items.Count);
            sequence.Items.AddRange(items.Count <= room ? items : items.GetRange(0, room));
            sequence.Count += items.Count;
        }
    }

    private void SetItems(PickleValue target, List<PickleValue> items)
    {
        if (items.Count % 2 != 0)
        {
            throw Invalid("odd number of items");
        }
        if (target is PickleDict dict)
        {
            for (var i = 0; i < items.Count && dict.Entries.Count < MaxContainerItems; i += 2)
            {
                dict.Entries.Add(new(items[i], items[i + 1]));
            }
        }
    }

    private long ParseMemoKey(ReadOnlySpan<byte> line) =>
        long.TryParse(Encoding.Latin1.GetString(line).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw Invalid("memo key is not a decimal integer");

    private void Store(long key)
    {
        if (key < 0)
        {
            throw Invalid("negative memo key");
        }
        var value = Top();
        if (memo.Count < _limits.MaxPickleMemo || memo.ContainsKey(key))
        {
            memo[key] = value;
            return;
        }
        if (!_memoOverflowed)
        {
            _memoOverflowed = true;
            session.Notice(NoticeLevel.Info, _opcodeOffset,
                $"the pickle memo grew past {_limits.MaxPickleMemo:N0} entries at offset {_opcodeOffset}; from here only imported globals are remembered, other memo references read as unknown");
        }
        // Globals stay resolvable (a class saved once is fetched for every later instance); they are few.
        if (value is PickleGlobal or PickleModule && memo.Count < 2L * _limits.MaxPickleMemo)
        {
            memo[key] = value;
        }
    }

    private void Fetch(long key)
    {
        if (memo.TryGetValue(key, out var value))
        {
            Push(value);
        }
        else if (_memoOverflowed)
        {
            Push(Forgotten);
        }
        else
        {
            throw Invalid($"memo key {key} was never stored");
        }
    }
}
