using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bulwark.Runner.Logs;

/// <summary>
/// Collects masked log text as UTF-8 until it is taken for sending, and stops at a byte budget: the text that
/// reaches it is cut at a character boundary, one marker line follows, and everything after is dropped.
/// </summary>
internal sealed class CappedLogWriter(long maxBytes) : TextWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(16 * 1024);
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private long _written;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>True once the budget is spent: later text is dropped.</summary>
    public bool Truncated { get; private set; }

    public int PendingBytes => _pending.WrittenCount;

    public static string Marker(long maxBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"\n[bulwark] the log reached its limit of {maxBytes} bytes; the rest of this job's output is dropped\n");

    public override void Write(char value) => Write([value]);

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> text)
    {
        if (Truncated || text.IsEmpty)
        {
            return;
        }
        var room = maxBytes - _written;
        var size = _encoder.GetByteCount(text, flush: false);
        if (size <= room)
        {
            Append(text);
            return;
        }
        // Keep the longest prefix that fits (UTF-8 needs at most 3 bytes per UTF-16 char), never splitting a pair.
        var keep = (int)Math.Min(text.Length, room / 3);
        while (keep < text.Length && Encoding.UTF8.GetByteCount(text[..(keep + 1)]) <= room)
        {
            keep++;
        }
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        Append(text[..keep]);
        Append(Marker(maxBytes));
        Truncated = true;
    }

    /// <summary>The bytes collected since the last call, or empty.</summary>
    public byte[] TakePending()
    {
        var bytes = _pending.WrittenSpan.ToArray();
        _pending.ResetWrittenCount();
        return bytes;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        var span = _pending.GetSpan(_encoder.GetByteCount(text, flush: true));
        var count = _encoder.GetBytes(text, span, flush: true);
        _pending.Advance(count);
        _written += count;
    }
}
