using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// A generic, schema-less protobuf message reader: Google.Protobuf's <see cref="CodedInputStream.ReadMessage"/>
/// bounds each nested message by its length and the stream's recursion limit, and hands it to
/// <see cref="MergeFrom"/>, which offers every field to <see cref="Visit"/> and skips the ones it does not take.
/// Nothing is buffered beyond the strings a visitor reads, so large weight tensors stream past.
/// Malformed input surfaces as <see cref="InvalidProtocolBufferException"/> (an <see cref="IOException"/>).
/// </summary>
internal abstract class ProtoVisitor : IMessage
{
    MessageDescriptor IMessage.Descriptor => throw new NotSupportedException("schema-less reader");

    public void MergeFrom(CodedInputStream input)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (!Visit(input, WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag)))
            {
                input.SkipLastField();
            }
        }
    }

    /// <summary>Reads the field the tag announced and returns true, or returns false to have it skipped.</summary>
    protected abstract bool Visit(CodedInputStream input, int field, WireFormat.WireType wire);

    public void WriteTo(CodedOutputStream output) => throw new NotSupportedException("read-only");

    public int CalculateSize() => throw new NotSupportedException("read-only");

    /// <summary>A length-delimited field, the only wire type for strings and messages.</summary>
    protected static bool IsLength(WireFormat.WireType wire) => wire == WireFormat.WireType.LengthDelimited;

    /// <summary>Reads a string field and cuts it to <paramref name="max"/> characters for reports.</summary>
    protected static string ReadText(CodedInputStream input, int max = 512)
    {
        var text = input.ReadBytes().ToStringUtf8();
        return text.Length <= max ? text : text[..max];
    }
}
