using System.Buffers;

namespace Bulwark.Core.Masking;

/// <summary>
/// Masks a stream of text that arrives in arbitrary chunks (a job's log) into a <see cref="TextWriter"/>.
/// A secret split across chunks is still masked: the writer holds back only the end of the text that may be
/// the start of a secret form (usually nothing; at most the longest form minus one character) and writes
/// everything before it at once. The output equals <see cref="SecretMasker.Mask"/> of the whole text.
/// <see cref="Flush"/> ends the stream: it writes what was held back, so a secret split across a flush is not
/// masked; call it when the source is finished (process exited) or has gone quiet. Not thread-safe: one writer
/// per stream. The output writer is not disposed.
/// </summary>
public sealed class MaskingWriter : IDisposable
{
    /// <summary>How much of a chunk is appended at once to held-back text, which is short.</summary>
    private const int Piece = 4096;

    private readonly SecretMasker _masker;
    private readonly TextWriter _output;
    private char[] _held;
    private int _heldLength;
    private int _groupEnd;
    private bool _disposed;

    public MaskingWriter(SecretMasker masker, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(masker);
        ArgumentNullException.ThrowIfNull(output);
        _masker = masker;
        _output = output;
        _held = ArrayPool<char>.Shared.Rent(Math.Min(masker.MaxPatternLength + Piece, 64 * 1024));
    }

    /// <summary>Characters received but not yet written: the start of what may be a secret form.</summary>
    public int HeldBack => _heldLength;

    /// <summary>Masks <paramref name="chunk"/> into the output, holding back a possible start of a secret form.</summary>
    public void Write(ReadOnlySpan<char> chunk)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!chunk.IsEmpty)
        {
            if (_heldLength == 0)
            {
                var consumed = _masker.Scan(chunk, final: false, ref _groupEnd, _output);
                Hold(chunk[consumed..]);
                return;
            }
            var piece = chunk[..Math.Min(chunk.Length, Piece)];
            var total = _heldLength + piece.Length;
            Reserve(total);
            piece.CopyTo(_held.AsSpan(_heldLength));
            var done = _masker.Scan(_held.AsSpan(0, total), final: false, ref _groupEnd, _output);
            if (done >= _heldLength)
            {
                // The held text is out; the rest of the piece is still in the chunk.
                chunk = chunk[(done - _heldLength)..];
                _heldLength = 0;
            }
            else
            {
                _held.AsSpan(done, total - done).CopyTo(_held);
                _heldLength = total - done;
                chunk = chunk[piece.Length..];
            }
        }
    }

    /// <summary>Writes the held-back text, masked, and flushes the output. Continuity ends here (see the class remarks).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _masker.Scan(_held.AsSpan(0, _heldLength), final: true, ref _groupEnd, _output);
        _held.AsSpan(0, _heldLength).Clear();
        _heldLength = 0;
        _groupEnd = 0;
        _output.Flush();
    }

    /// <summary>Flushes (see <see cref="Flush"/>) and returns the buffer; the output writer stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        Flush();
        _disposed = true;
        ArrayPool<char>.Shared.Return(_held, clearArray: true);
        _held = [];
    }

    private void Hold(ReadOnlySpan<char> rest)
    {
        Reserve(rest.Length);
        rest.CopyTo(_held);
        _heldLength = rest.Length;
    }

    /// <summary>Grows the buffer; held text is at most the longest pattern, so this stays bounded.</summary>
    private void Reserve(int length)
    {
        if (length <= _held.Length)
        {
            return;
        }
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(length, _held.Length * 2));
        _held.AsSpan(0, _heldLength).CopyTo(larger);
        // The buffer held log text, which may contain secrets: clear it before the pool hands it out again.
        ArrayPool<char>.Shared.Return(_held, clearArray: true);
        _held = larger;
    }
}
