using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>
/// Random pickles made of data, written the ways picklers write them (and a few ways only hand-written pickles do):
/// every constant and container opcode, memo puts and gets, frames, stacked pickles. With <paramref name="objects"/>,
/// also objects of allowlisted and of unknown classes, imported and called in every way the opcodes allow (the way a
/// list of OrderedDicts, datetimes or a project's own records is pickled); with <paramref name="hostile"/>, now and then
/// a construct only the machine can follow instead (a dangerous or gadget import, a call of a value made while
/// loading, a planted __setstate__, BUILD on a class, a computed STACK_GLOBAL, a persistent id), and
/// <see cref="Provable"/> says whether one was written.
/// </summary>
internal sealed class DataPickleGenerator(Random random, bool objects = false, bool hostile = false)
{
    private const int MaxDepth = 4;

    /// <summary>Allowlisted classes and functions, some under a module alias, and unknown ones (each reported).</summary>
    private static readonly (string Module, string Name)[] ObjectGlobals =
    [
        ("collections", "OrderedDict"), ("builtins", "set"), ("__builtin__", "frozenset"), ("_codecs", "encode"),
        ("datetime", "date"), ("copyreg", "_reconstructor"), ("torch._utils", "_rebuild_tensor_v2"),
        ("mypackage.models", "Record"), ("__main__", "Point"),
    ];

    /// <summary>Dangerous globals, and one the machine models (getattr).</summary>
    private static readonly (string Module, string Name)[] OtherGlobals =
    [
        ("os", "system"), ("posix", "system"), ("builtins", "getattr"),
    ];

    private readonly List<int> _memoized = [];
    private int _memoCount;
    private PickleWriter _writer = new();

    /// <summary>Memo keys holding a str written as a STACK_GLOBAL operand, and ones holding an imported global.</summary>
    private readonly Dictionary<string, int> _memoizedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), int> _memoizedGlobals = [];

    /// <summary>False when the last stream holds a construct only the machine can follow (it reports or faults on it).</summary>
    public bool Provable { get; private set; }

    /// <summary>One stream: one pickle, or up to three stacked ones sharing the memo.</summary>
    public byte[] Next()
    {
        _writer = new PickleWriter();
        _memoized.Clear();
        _memoizedNames.Clear();
        _memoizedGlobals.Clear();
        _memoCount = 0;
        Provable = true;
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
            Get(_memoized[random.Next(_memoized.Count)]);
            return;
        }
        var kind = depth >= MaxDepth ? random.Next(12) : random.Next(objects ? 24 : 20);
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
            case 19: Discarded(depth); break;
            default:
                if (hostile && random.Next(8) == 0)
                {
                    Hostile(depth);
                }
                else
                {
                    Object(depth);
                }
                break;
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

    /// <summary>
    /// Memoizes the top now and then, with MEMOIZE or a PUT of the next key (as
    /// picklers number them) or of a far one, which may replace a value stored before. Returns the key, or -1.
    /// </summary>
    private int Memoize()
    {
        int key;
        switch (random.Next(6))
        {
            case 0:
                _writer.Memoize();
                key = _memoCount;
                break;
            case 1 when _memoCount < 256:
                key = _memoCount;
                _writer.BinPut(key);
                break;
            case 1:
            case 2:
                key = random.Next(2) == 0 ? _memoCount : 1_000_000 + random.Next(1000);
                _writer.Op(PickleOpcode.LongBinPut).UInt32((uint)key);
                break;
            default:
                return -1;
        }
        if (_memoized.Contains(key))
        {
            // Replaced: whatever name or global the key held is gone.
            foreach (var name in _memoizedNames.Where(n => n.Value == key).ToList())
            {
                _memoizedNames.Remove(name.Key);
            }
            foreach (var global in _memoizedGlobals.Where(g => g.Value == key).ToList())
            {
                _memoizedGlobals.Remove(global.Key);
            }
        }
        else
        {
            _memoized.Add(key);
            _memoCount++;
        }
        return key;
    }

    private void Get(int key)
    {
        if (key < 256)
        {
            _writer.BinGet(key);
        }
        else
        {
            _writer.Op(PickleOpcode.LongBinGet).UInt32((uint)key);
        }
    }

    /// <summary>An instance of an allowlisted or unknown class: imported, called, and maybe given state or items.</summary>
    private void Object(int depth)
    {
        var (module, name) = ObjectGlobals[random.Next(ObjectGlobals.Length)];
        switch (random.Next(5))
        {
            case 0:
                // OBJ: the class is the first value above the MARK.
                _writer.Mark();
                Import(module, name);
                Items(depth, random.Next(3));
                _writer.Op(PickleOpcode.Obj);
                break;
            case 1:
                // INST names the class in text lines after its arguments.
                _writer.Mark();
                Items(depth, random.Next(3));
                _writer.Op(PickleOpcode.Inst).Text($"{module}\n{name}\n");
                break;
            case 2:
                Import(module, name);
                ShortTupleOrEmpty(depth);
                _writer.Op(PickleOpcode.NewObj);
                break;
            case 3:
                Import(module, name);
                ShortTupleOrEmpty(depth);
                MarkedDict(depth);
                _writer.Op(PickleOpcode.NewObjEx);
                break;
            default:
                Import(module, name);
                ShortTupleOrEmpty(depth);
                _writer.Reduce();
                break;
        }
        switch (random.Next(4))
        {
            case 0:
                Value(depth + 1);
                _writer.Build();
                break;
            case 1:
                // An OrderedDict's items, or a set's.
                _writer.Mark();
                Items(depth, 2 * random.Next(3));
                _writer.Op(random.Next(2) == 0 ? PickleOpcode.SetItems : PickleOpcode.Appends);
                break;
        }
    }

    /// <summary>Pushes a global the ways picklers do: from the memo, STACK_GLOBAL (its operands maybe from the memo), or GLOBAL.</summary>
    private void Import(string module, string name)
    {
        if (_memoizedGlobals.TryGetValue((module, name), out var known) && random.Next(2) == 0)
        {
            Get(known);
            return;
        }
        if (random.Next(3) == 0)
        {
            _writer.Global(module, name);
        }
        else
        {
            Operand(module);
            Operand(name);
            _writer.Op(PickleOpcode.StackGlobal);
        }
        if (Memoize() is >= 0 and var key)
        {
            _memoizedGlobals[(module, name)] = key;
        }
    }

    private void Operand(string text)
    {
        if (_memoizedNames.TryGetValue(text, out var key) && random.Next(3) != 0)
        {
            Get(key);
            return;
        }
        _writer.Unicode(text);
        if (Memoize() is >= 0 and var stored)
        {
            _memoizedNames[text] = stored;
        }
    }

    private void ShortTupleOrEmpty(int depth)
    {
        if (random.Next(3) == 0)
        {
            _writer.Op(PickleOpcode.EmptyTuple);
        }
        else
        {
            ShortTuple(depth);
        }
    }

    /// <summary>A construct the machine reports or faults on, in place of a value.</summary>
    private void Hostile(int depth)
    {
        Provable = false;
        var (module, name) = ObjectGlobals[random.Next(ObjectGlobals.Length)];
        switch (random.Next(6))
        {
            case 0:
                var (other, otherName) = OtherGlobals[random.Next(OtherGlobals.Length)];
                Import(other, otherName);
                ShortTupleOrEmpty(depth);
                _writer.Reduce();
                break;
            case 1:
                // A call of what a call returned.
                Import(module, name);
                _writer.Op(PickleOpcode.EmptyTuple).Reduce().Op(PickleOpcode.EmptyTuple).Reduce();
                break;
            case 2:
                // BUILD on the class itself.
                Import(module, name);
                _writer.Op(PickleOpcode.EmptyDict).Build();
                break;
            case 3:
                // A state that plants __setstate__.
                Import(module, name);
                _writer.Op(PickleOpcode.EmptyTuple).Reduce().Op(PickleOpcode.EmptyDict).Unicode("__setstate__");
                Import(module, name);
                _writer.Op(PickleOpcode.SetItem).Build();
                break;
            case 4:
                // STACK_GLOBAL of values that are not strs written in the pickle.
                Value(depth + 1);
                Value(depth + 1);
                _writer.Op(PickleOpcode.StackGlobal);
                break;
            default:
                Value(depth + 1);
                _writer.Op(PickleOpcode.BinPersId);
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
