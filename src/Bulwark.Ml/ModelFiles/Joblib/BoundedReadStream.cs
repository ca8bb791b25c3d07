using Bulwark.Ml.ModelFiles;
namespace Bulwark.Ml.ModelFiles.Joblib;

/// <summary>
/// Reads at most a budget of bytes from a decompressing stream, then reports the end (and remembers it was cut).
/// Decoder failures on corrupt data (SharpCompress throws its own exception types) surface as
/// <see cref="InvalidDataException"/>, the one type readers of untrusted streams handle.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long budget) : ReadOnlyStream
{
    private long _read;

    public bool Exceeded { get; private set; }

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            if (_read >= budget)
            {
                Exceeded = Exceeded || inner.Read(buffer[..1]) > 0;
                return 0;
            }
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, budget - _read)]);
            _read += read;
            return read;
        }
        catch (Exception ex) when (ex is not (IOException or InvalidDataException or OperationCanceledException))
        {
            throw new InvalidDataException($"corrupt compressed data: {ex.Message}", ex);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
