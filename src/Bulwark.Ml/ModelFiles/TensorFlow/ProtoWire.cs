namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// Cheap wire-format plausibility for protobuf files, which have no magic: the fields that fit in the sniffed
/// head must have sane tags, known wire types and lengths that fit the content.
/// </summary>
internal static class ProtoWire
{
    /// <summary>Field numbers above this are not used by the messages we read at top level.</summary>
    private const ulong MaxTopLevelField = 64;

    /// <summary>True when <paramref name="head"/> parses as a run of protobuf fields (at least one).</summary>
    public static bool LooksLikeMessage(ReadOnlySpan<byte> head, long length)
    {
        var position = 0;
        var fields = 0;
        while (position < head.Length)
        {
            var tagRead = TryReadVarint(head, ref position, out var tag);
            if (tagRead != Varint.Read)
            {
                return tagRead == Varint.Truncated && fields > 0;
            }
            var field = tag >> 3;
            if (field == 0 || field > MaxTopLevelField)
            {
                return false;
            }
            switch ((int)(tag & 7))
            {
                case 0:
                    var valueRead = TryReadVarint(head, ref position, out _);
                    if (valueRead != Varint.Read)
                    {
                        return valueRead == Varint.Truncated;
                    }
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var sizeRead = TryReadVarint(head, ref position, out var size);
                    if (sizeRead != Varint.Read)
                    {
                        return sizeRead == Varint.Truncated;
                    }
                    if (length >= 0 && size > (ulong)length)
                    {
                        return false;
                    }
                    position = size >= (ulong)(int.MaxValue - position) ? int.MaxValue : position + (int)size;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    return false;
            }
            fields++;
        }
        return fields > 0;
    }

    /// <summary>The first tag byte of <paramref name="head"/>, or -1 when empty.</summary>
    public static int FirstTag(ReadOnlySpan<byte> head) => head.IsEmpty ? -1 : head[0];

    private static Varint TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                return Varint.Truncated;
            }
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return Varint.Read;
            }
        }
        return Varint.Invalid;
    }

    private enum Varint
    {
        Read,
        Truncated,
        Invalid,
    }
}
