using Google.Protobuf;

namespace Bulwark.Ml.Tests.ModelFiles.TensorFlow;

/// <summary>Writes protobuf messages field by field (CodedOutputStream), so fixtures need no generated classes.</summary>
internal sealed class Proto
{
    private readonly MemoryStream _bytes = new();
    private readonly CodedOutputStream _output;

    public Proto() => _output = new CodedOutputStream(_bytes, leaveOpen: true);

    public Proto Varint(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public Proto Text(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public Proto Bytes(int field, byte[] value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

    public Proto Messages(int field, IEnumerable<Proto> messages)
    {
        foreach (var message in messages)
        {
            Message(field, message);
        }
        return this;
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _bytes.ToArray();
    }
}
