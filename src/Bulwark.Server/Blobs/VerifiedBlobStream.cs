using System.Security.Cryptography;
using Bulwark.Integrity.Encryption;

namespace Bulwark.Server.Blobs;

/// <summary>
/// A blob's plaintext as it decrypts, hashed on the way: the read that reaches the end compares the SHA-256 with the
/// blob's name and throws <see cref="BlobCorruptException"/> instead of reporting the end when they differ, as does
/// any read that meets a segment that does not authenticate. After a failure every read fails again.
/// </summary>
internal sealed class VerifiedBlobStream(Stream plaintext, string sha256) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private BlobCorruptException? _failure;
    private bool _verified;

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
        ThrowIfFailed();
        int read;
        try
        {
            read = plaintext.Read(buffer);
        }
        catch (SegmentedAeadException ex)
        {
            throw Fail(ex);
        }
        return Account(buffer, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        int read;
        try
        {
            read = await plaintext.ReadAsync(buffer, cancellationToken);
        }
        catch (SegmentedAeadException ex)
        {
            throw Fail(ex);
        }
        return Account(buffer.Span, read);
    }

    /// <summary>Decrypts and checks the header and first segment without consuming anything.</summary>
    public async Task PrimeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A zero-length read makes the decrypting stream load its first segment.
            _ = await plaintext.ReadAsync(Memory<byte>.Empty, cancellationToken);
        }
        catch (SegmentedAeadException ex)
        {
            throw Fail(ex);
        }
    }

    private int Account(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0)
        {
            _hash.AppendData(buffer[..read]);
        }
        else if (buffer.Length > 0 && !_verified)
        {
            if (!Convert.ToHexStringLower(_hash.GetHashAndReset()).Equals(sha256, StringComparison.Ordinal))
            {
                throw Fail(null);
            }
            _verified = true;
        }
        return read;
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new BlobCorruptException(_failure.Message, _failure.InnerException);
        }
    }

    private BlobCorruptException Fail(SegmentedAeadException? cause)
    {
        _failure = cause is null
            ? new BlobCorruptException($"blob {sha256} is damaged: its content does not match its digest")
            : new BlobCorruptException($"blob {sha256} is damaged or was not written by this server's key: {cause.Message}", cause);
        return _failure;
    }

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
            plaintext.Dispose();
        }
        base.Dispose(disposing);
    }
}
