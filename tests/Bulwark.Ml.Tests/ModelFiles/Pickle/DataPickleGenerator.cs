using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>
/// Random pickles made of data only, written the ways picklers write them (and a few ways only hand-written pickles
/// do): every constant and container opcode, memo puts and gets, frames, stacked pickles. Valid as written: CPython
/// would load each one.
/// </summary>
internal sealed class DataPickleGenerator(Random random)
{
    private const int MaxDepth = 4;

    private readonly List<int> _memoized = [];
    private int _memoCount;
    private PickleWriter _writer = new();

    /// <summary>One stream: one pickle, or up to three stacked ones sharing the memo.</summary>
    public byte[] Next()
    {
        _writer = new PickleWriter();
        _memoized.Clear();
        _memoCount = 0;
        var pickles = random.Next(4) == 0 ? 2 + random.Next(2) : 1;
        for (var p = 0; p < pickles; p++)
        {
            _writer.Proto(2 + random.Next(4));
            if (random.Next(3) == 0)
            {
                _writer.Op(PickleOpcode.Frame).UInt64((ulong)random.Next(1 << 20));
            }
            Value(0);
            _writer.Stop();
        }
        return _writer.ToArray();
    }

    private void Value(int depth)
    {
        if (_memoized.Count > 0 && random.Next(8) == 0)
        {
            var key = _memoized[random.Next(_memoized.Count)];
            if (key < 256)
            {
                _writer.BinGet(key);
            }
            else
            {
                _writer.Op(PickleOpcode.LongBinGet).UInt32((uint)key);
            }
            return;
        }
        var kind = depth >= MaxDepth ? random.Next(12) : random.Next(20);
        switch (kind)
        {
            case 0: _writer.Op(PickleOpcode.None); break;
            case 1: _writer.Op(random.Next(2) == 0 ? PickleOpcode.NewTrue : PickleOpcode.NewFalse); break;
            case 2: _writer.Int(random.Next(-100_000, 100_000)); break;
            case 3: _writer.Op(PickleOpcode.BinInt2).Raw((byte)random.Next(256), (byte)random.Next(256)); break;
            case 4: _writer.Op(PickleOpcode.BinFloat).Raw([.. Bytes(8)]); break;
            case 5: _writer.Unicode(Text()); break;
            case 6: LengthPrefixed(); break;
            case 7: _writer.Op(PickleOpcode.Long1).Raw(1).Raw((byte)random.Next(256)); break;
            case 8: _writer.Op(PickleOpcode.Long4).Int32(12).Raw([.. Bytes(12)]); break;
            case 9: _writer.Op(PickleOpcode.ShortBinBytes).Raw(3).Raw([.. Bytes(3)]); break;
            case 10: _writer.Op(PickleOpcode.EmptyTuple); break;
            case 11: _writer.Op(PickleOpcode.EmptyDict); break;
            case 12: ShortTuple(depth); break;
            case 13: MarkedContainer(depth, random.Next(3) switch { 0 => PickleOpcode.Tuple, 1 => PickleOpcode.List, _ => PickleOpcode.FrozenSet }); break;
            case 14: FilledContainer(depth, PickleOpcode.EmptyList, PickleOpcode.Appends); break;
            case 15: FilledContainer(depth, PickleOpcode.EmptySet, PickleOpcode.AddItems); break;
            case 16: FilledDict(depth); break;
            case 17: MarkedDict(depth); break;
            case 18: AppendOneByOne(depth); break;
            default: Discarded(depth); break;
        }
        Memoize();
    }

    private void LengthPrefixed()
    {
        var data = Bytes(random.Next(3) == 0 ? 300 + random.Next(70_000) : random.Next(40));
        switch (random.Next(6))
        {
            case 0: _writer.Op(PickleOpcode.BinUnicode).UInt32((uint)data.Length).Raw([.. data]); break;
            case 1: _writer.Op(PickleOpcode.BinUnicode8).UInt64((ulong)data.Length).Raw([.. data]); break;
            case 2: _writer.Op(PickleOpcode.BinString).Int32(data.Length).Raw([.. data]); break;
            case 3: _writer.Bytes(data); break;
            case 4: _writer.Op(PickleOpcode.BinBytes8).UInt64((ulong)data.Length).Raw([.. data]); break;
            default: _writer.Op(PickleOpcode.ByteArray8).UInt64((ulong)data.Length).Raw([.. data]); break;
        }
    }

    private void ShortTuple(int depth)
    {
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            Value(depth + 1);
        }
        _writer.Op(count switch { 1 => PickleOpcode.Tuple1, 2 => PickleOpcode.Tuple2, _ => PickleOpcode.Tuple3 });
    }

    private void MarkedContainer(int depth, PickleOpcode close)
    {
        _writer.Mark();
        Items(depth, random.Next(6));
        _writer.Op(close);
    }

    private void FilledContainer(int depth, PickleOpcode empty, PickleOpcode add)
    {
        _writer.Op(empty);
        Memoize();
        for (var batch = random.Next(3); batch > 0; batch--)
        {
            _writer.Mark();
            Items(depth, random.Next(5));
            _writer.Op(add);
        }
    }

    private void FilledDict(int depth)
    {
        _writer.Op(PickleOpcode.EmptyDict);
        Memoize();
        for (var batch = random.Next(3); batch > 0; batch--)
        {
            if (random.Next(2) == 0)
            {
                Value(depth + 1);
                Value(depth + 1);
                _writer.Op(PickleOpcode.SetItem);
                continue;
            }
            _writer.Mark();
            Items(depth, 2 * random.Next(4));
            _writer.Op(PickleOpcode.SetItems);
        }
    }

    private void MarkedDict(int depth)
    {
        _writer.Mark();
        Items(depth, 2 * random.Next(3));
        _writer.Op(PickleOpcode.Dict);
    }

    private void AppendOneByOne(int depth)
    {
        _writer.Op(PickleOpcode.EmptyList);
        for (var i = random.Next(4); i > 0; i--)
        {
            Value(depth + 1);
            _writer.Op(PickleOpcode.Append);
        }
    }

    /// <summary>A value left by values pushed and taken away again (POP, POP_MARK, DUP).</summary>
    private void Discarded(int depth)
    {
        Value(depth + 1);
        switch (random.Next(3))
        {
            case 0:
                Value(depth + 1);
                _writer.Op(PickleOpcode.Pop);
                break;
            case 1:
                _writer.Mark();
                Items(depth, random.Next(3));
                _writer.Op(PickleOpcode.PopMark);
                break;
            default:
                _writer.Op(PickleOpcode.Dup).Op(PickleOpcode.Pop);
                break;
        }
    }

    private void Items(int depth, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Value(depth + 1);
        }
    }

    /// <summary>Memoizes the top now and then, with MEMOIZE or a PUT of the next key (as picklers number them) or of a far one.</summary>
    private void Memoize()
    {
        switch (random.Next(6))
        {
            case 0:
                _writer.Memoize();
                _memoized.Add(_memoCount++);
                break;
            case 1 when _memoCount < 256:
                _writer.BinPut(_memoCount);
                _memoized.Add(_memoCount++);
                break;
            case 2:
                var key = random.Next(2) == 0 ? _memoCount : 1_000_000 + random.Next(1000);
                _writer.Op(PickleOpcode.LongBinPut).UInt32((uint)key);
                if (!_memoized.Contains(key))
                {
                    _memoized.Add(key);
                    _memoCount++;
                }
                break;
        }
    }

    private string Text()
    {
        var length = random.Next(3) == 0 ? random.Next(2000) : random.Next(12);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)(r.Next(8) == 0 ? r.Next(0x80, 0x2FF) : r.Next(0x20, 0x7F));
            }
        });
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
