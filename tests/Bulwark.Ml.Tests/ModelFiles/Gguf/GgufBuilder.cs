using System.Text;
using Bulwark.Ml.Tests.ModelFiles.Containers;

namespace Bulwark.Ml.Tests.ModelFiles.Gguf;

/// <summary>Writes GGUF files field by field (version 3 unless told otherwise).</summary>
internal sealed class GgufBuilder
{
    private readonly MemoryStream _metadata = new();
    private readonly MemoryStream _tensors = new();
    private int _keys;
    private int _tensorCount;

    public uint Version { get; init; } = 3;

    public int Alignment { get; init; } = 32;

    public int DataBytes { get; init; }

    public GgufBuilder String(string key, string value)
    {
        Key(key, 8);
        Text(_metadata, value);
        return this;
    }

    public GgufBuilder U32(string key, uint value)
    {
        Key(key, 4);
        ZipBuilder.U32(_metadata, value);
        return this;
    }

    public GgufBuilder Strings(string key, params string[] values)
    {
        Key(key, 9);
        ZipBuilder.U32(_metadata, 8);
        Length(_metadata, values.Length);
        foreach (var value in values)
        {
            Text(_metadata, value);
        }
        return this;
    }

    /// <summary>A raw value: the type id and the bytes that follow it.</summary>
    public GgufBuilder Raw(string key, uint type, byte[] value)
    {
        Key(key, type);
        _metadata.Write(value);
        return this;
    }

    public GgufBuilder Tensor(string name, ulong[] shape, uint type, ulong offset)
    {
        _tensorCount++;
        Text(_tensors, name);
        ZipBuilder.U32(_tensors, (uint)shape.Length);
        foreach (var dim in shape)
        {
            ZipBuilder.U64(_tensors, dim);
        }
        ZipBuilder.U32(_tensors, type);
        ZipBuilder.U64(_tensors, offset);
        return this;
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        output.Write("GGUF"u8);
        ZipBuilder.U32(output, Version);
        Length(output, _tensorCount);
        Length(output, _keys);
        output.Write(_metadata.ToArray());
        output.Write(_tensors.ToArray());
        output.Write(new byte[(Alignment - (output.Length % Alignment)) % Alignment]);
        output.Write(new byte[DataBytes]);
        return output.ToArray();
    }

    private void Key(string key, uint type)
    {
        _keys++;
        Text(_metadata, key);
        ZipBuilder.U32(_metadata, type);
    }

    private void Text(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Length(s, bytes.Length);
        s.Write(bytes);
    }

    private void Length(Stream s, long value)
    {
        if (Version == 1)
        {
            ZipBuilder.U32(s, (uint)value);
        }
        else
        {
            ZipBuilder.U64(s, (ulong)value);
        }
    }
}
