using System.Buffers;
using System.Text;

namespace Bulwark.Ml.Data.Reading;

internal static class Utf8Check
{
    /// <summary>The byte offset of the first invalid UTF-8 sequence (0 when there is none).</summary>
    public static int FirstInvalid(ReadOnlySpan<byte> value)
    {
        var index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf8(value[index..], out _, out var consumed) != OperationStatus.Done)
            {
                return index;
            }
            index += consumed;
        }
        return 0;
    }
}
