namespace Bulwark.Server.Runs;

/// <summary>
/// Holds back the unfinished last line of a live log, so each server-sent event carries whole lines: a chunk that
/// ended mid-line (or mid-character: a newline is never inside a UTF-8 sequence) would otherwise show as two lines.
/// A line longer than <see cref="MaxHeldBytes"/> is sent as it is rather than held without bound.
/// </summary>
internal sealed class LogLineBuffer
{
    public const int MaxHeldBytes = 64 * 1024;

    private byte[] _held = [];

    /// <summary>Adds <paramref name="chunk"/> and returns what can be sent now: everything up to the last newline.</summary>
    public byte[] Add(ReadOnlySpan<byte> chunk)
    {
        var all = new byte[_held.Length + chunk.Length];
        _held.CopyTo(all, 0);
        chunk.CopyTo(all.AsSpan(_held.Length));
        var end = all.AsSpan().LastIndexOf((byte)'\n') + 1;
        if (end == 0 && all.Length > MaxHeldBytes)
        {
            end = all.Length;
        }
        _held = all[end..];
        return all[..end];
    }
}
