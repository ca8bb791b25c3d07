using System.Security.Cryptography;

namespace Bulwark.Runner.Artifacts;

/// <summary>
/// Reads at most <c>length</c> bytes of the inner stream while hashing them; at the end, throws if the digest is
/// not the one announced, so a file that changed after it was hashed is never stored under the wrong digest.
/// </summary>
internal sealed class DigestCheckingStream(Stream inner, long length, string expectedSha256, string name) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;
    private bool _checked;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, length - _position)]);
        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - _position)], cancellationToken);
        return Account(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> read)
    {
        _hash.AppendData(read);
        _position += read.Length;
        if ((read.Length == 0 || _position == length) && !_checked)
        {
            _checked = true;
            var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
            if (_position != length || !string.Equals(actual, expectedSha256, StringComparison.Ordinal))
            {
                throw new IOException($"artifact {name} changed while it was uploaded");
            }
        }
        return read.Length;
    }
}
