using System.Text;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Keeps the short strings a pickle pushes as their encoded bytes, copied into shared chunks, instead of as one decoded
/// string each. Data pickles push millions of strings (vocabularies, record fields) of which almost none is ever read:
/// one is decoded only when the analysis needs its text (a STACK_GLOBAL operand, a call argument, a BUILD state key).
/// A chunk lives as long as any slot refers to it, so memory stays within the bytes of the strings still held. The
/// shortest strings (dict keys, most tokens) are not copied at all: their bytes fit in the slot itself.
/// </summary>
internal sealed class PickleTextArena
{
    /// <summary>Strings up to this many bytes are kept encoded; longer ones are decoded at once (they are few).</summary>
    public const int MaxEncoded = 1024;

    private const int FirstChunk = 256;
    private const int MaxChunk = 1 << 16;

    private byte[] _chunk = [];
    private int _used;

    /// <summary>A slot holding <paramref name="bytes"/> (UTF-8, or Latin-1 for protocol 0–2 byte strings) as a str.</summary>
    public PickleSlot Keep(ReadOnlySpan<byte> bytes, bool latin1)
    {
        if (bytes.Length == 0)
        {
            return PickleSlot.Text("", truncated: false);
        }
        if (bytes.Length <= PickleSlot.MaxShortText)
        {
            return PickleSlot.ShortText(bytes, latin1);
        }
        var chunk = _chunk;
        var at = _used;
        if (bytes.Length > chunk.Length - at)
        {
            // Chunks start small (most pickles hold a few names) and double up to 64 KB, below the large object heap.
            chunk = _chunk = new byte[Math.Max(bytes.Length, Math.Min(MaxChunk, Math.Max(FirstChunk, 2 * chunk.Length)))];
            at = 0;
        }
        bytes.CopyTo(chunk.AsSpan(at));
        _used = at + bytes.Length;
        return PickleSlot.Encoded(chunk, at, bytes.Length, latin1);
    }

    /// <summary>The text of a slot made by <see cref="Keep"/>, decoded exactly as it would have been when read.</summary>
    public static string Decode(byte[] chunk, int offset, int length, bool latin1) =>
        Decode(chunk.AsSpan(offset, length), latin1);

    /// <summary>Encoded bytes of a str, decoded as when read (invalid UTF-8 becomes U+FFFD, as everywhere in the analysis).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, bool latin1) =>
        (latin1 ? Encoding.Latin1 : Encoding.UTF8).GetString(bytes);
}
