namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// The write side every analysis stream refuses: model content is only ever read. Subclasses provide reading
/// (and seeking, when they can).
/// </summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public sealed override bool CanWrite => false;

    public sealed override void Flush()
    {
    }

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
