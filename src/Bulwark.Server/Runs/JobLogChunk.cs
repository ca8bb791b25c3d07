namespace Bulwark.Server.Runs;

/// <summary>
/// A piece of a running job's masked log. Chunks live in the database so that every server instance can stream
/// them; when the job ends they are compressed into one <see cref="JobLogArchive"/> and deleted.
/// </summary>
internal sealed class JobLogChunk
{
    public long Id { get; set; }

    public Guid JobId { get; set; }

    public int Sequence { get; set; }

    public required byte[] Data { get; set; }
}

/// <summary>A finished job's whole log, gzip-compressed.</summary>
internal sealed class JobLogArchive
{
    public Guid JobId { get; set; }

    public required byte[] Compressed { get; set; }

    /// <summary>Uncompressed length in bytes.</summary>
    public long Length { get; set; }
}
