using System.Buffers;
using System.Security.Cryptography;

namespace Bulwark.Integrity.Encryption;

/// <summary>
/// The plaintext of a <see cref="SegmentedAead"/> stream, one verified segment at a time (pooled buffers, one
/// segment of look-ahead to tell the final segment). Once a read failed, every later read throws the same
/// error: a caller that swallows it can never mistake the cut-off for the end of the data.
/// </summary>
internal sealed class SegmentedAeadReadStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _key;
    private readonly byte[] _context;
    private byte[]? _sealed = ArrayPool<byte>.Shared.Rent(SegmentedAead.CipherSegmentSize + 1);
    private byte[]? _plain = ArrayPool<byte>.Shared.Rent(SegmentedAead.SegmentSize);
    private SegmentCipher? _cipher;
    private SegmentedAeadException? _failure;
    private long _index;
    private int _carried;
    private int _offset;
    private int _count;
    private bool _finished;

    public SegmentedAeadReadStream(Stream inner, ReadOnlySpan<byte> key, ReadOnlySpan<byte> context, bool leaveOpen)
    {
        if (key.Length != SegmentCipher.KeyBytes)
        {
            throw new ArgumentException($"the key must be {SegmentCipher.KeyBytes} bytes", nameof(key));
        }
        _inner = inner;
        _leaveOpen = leaveOpen;
        _key = key.ToArray();
        _context = context.ToArray();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _count && !_finished)
        {
            Check();
            if (_cipher is null)
            {
                var header = new byte[SegmentedAead.HeaderBytes];
                Start(header, _inner.ReadAtLeast(header, header.Length, throwOnEndOfStream: false));
            }
            var want = SegmentedAead.CipherSegmentSize + 1 - _carried;
            Open(_carried + _inner.ReadAtLeast(_sealed.AsSpan(_carried, want), want, throwOnEndOfStream: false));
        }
        return Take(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _count && !_finished)
        {
            Check();
            if (_cipher is null)
            {
                var header = new byte[SegmentedAead.HeaderBytes];
                Start(header, await _inner.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken));
            }
            var want = SegmentedAead.CipherSegmentSize + 1 - _carried;
            Open(_carried + await _inner.ReadAtLeastAsync(_sealed.AsMemory(_carried, want), want, throwOnEndOfStream: false, cancellationToken));
        }
        return Take(buffer.Span);
    }

    private void Check()
    {
        if (_failure is not null)
        {
            throw new SegmentedAeadException(_failure.Message);
        }
        ObjectDisposedException.ThrowIf(_sealed is null, this);
    }

    private void Start(byte[] header, int read)
    {
        if (read < header.Length)
        {
            Fail("the data is too short to hold the encryption header");
        }
        if (!header.AsSpan(0, 4).SequenceEqual(SegmentedAead.Magic))
        {
            Fail("the data is not in Bulwark's segmented encryption format");
        }
        if (header[4] != SegmentedAead.Version)
        {
            Fail($"segmented encryption version {header[4]} is not supported (expected {SegmentedAead.Version})");
        }
        _cipher = new SegmentCipher(_key, header.AsSpan(5), _context);
        CryptographicOperations.ZeroMemory(_key);
    }

    /// <summary>Opens the segment in <c>_sealed</c> (<paramref name="have"/> bytes; one byte beyond a full segment means another follows).</summary>
    private void Open(int have)
    {
        var final = have <= SegmentedAead.CipherSegmentSize;
        var length = final ? have : SegmentedAead.CipherSegmentSize;
        if (length < SegmentCipher.TagBytes)
        {
            Fail(_index == 0 ? "the data ends after the header: its segments are missing" : $"the data is cut short before segment {_index}");
        }
        try
        {
            _cipher!.Open(_index, final, _sealed.AsSpan(0, length), _plain);
        }
        catch (SegmentedAeadException ex)
        {
            Fail(ex.Message);
        }
        _index++;
        _offset = 0;
        _count = length - SegmentCipher.TagBytes;
        _finished = final;
        if (!final)
        {
            _sealed![0] = _sealed[SegmentedAead.CipherSegmentSize];
        }
        _carried = final ? 0 : 1;
    }

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _count - _offset);
        _plain.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string message)
    {
        _failure = new SegmentedAeadException(message);
        _offset = _count = 0;
        throw _failure;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _sealed is not null)
        {
            _cipher?.Dispose();
            CryptographicOperations.ZeroMemory(_key);
            ArrayPool<byte>.Shared.Return(_sealed);
            ArrayPool<byte>.Shared.Return(_plain!, clearArray: true);
            _sealed = null;
            _plain = null;
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
