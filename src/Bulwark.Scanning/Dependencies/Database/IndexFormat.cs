namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>
/// Layout of the local advisory index (<c>osv/advisories.idx</c> in the data directory), little-endian:
/// <code>
/// 0   "BWOSVIX" 0x01 magic
/// 8   int32  format version
/// 12  int64  offset of the package table
/// 20  int64  offset of the metadata
/// 28  int32  reserved
/// 32  SHA-256 of everything from the package table to the end of the file
/// 64  records: int32 length, 8-byte SHA-256 prefix of the payload, then one advisory (<see cref="AdvisoryCodec"/>)
/// table: int32 count, then per package: string key (ecosystem '\n' normalised name), int32 n, n × int64 record offsets
/// metadata: int32 length, then the database description (<see cref="DatabaseInfoCodec"/>)
/// </code>
/// Audits read the table and then only the records of the packages they look up; the digests catch a
/// damaged file before its bytes are trusted.
/// </summary>
internal static class IndexFormat
{
    public const int Version = 1;
    public const int HeaderBytes = 64;
    public const int RecordDigestBytes = 8;
    public const string FileName = "advisories.idx";

    public static ReadOnlySpan<byte> Magic => "BWOSVIX\u0001"u8;

    /// <summary>A record larger than this cannot come from an OSV document of the allowed size.</summary>
    public const int MaxRecordBytes = 16 << 20;

    public static string Key(string ecosystem, string name) =>
        string.Concat(ecosystem, "\n", Ecosystems.NormalizeName(ecosystem, name));

    public static string Folder(string dataDirectory) => Path.Combine(dataDirectory, "osv");

    public static string PathIn(string dataDirectory) => Path.Combine(Folder(dataDirectory), FileName);
}
