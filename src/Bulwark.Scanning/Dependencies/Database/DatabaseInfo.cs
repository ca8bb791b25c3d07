namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>What the local advisory index holds, stored inside it and shown by <c>deps db status</c> and audits.</summary>
internal sealed record DatabaseInfo
{
    public required int FormatVersion { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }

    public IReadOnlyList<EcosystemInfo> Ecosystems { get; init; } = [];

    /// <summary>The oldest snapshot among the ecosystems: the database is as old as its stalest part.</summary>
    public DateTimeOffset? OldestSnapshot => Ecosystems.Count == 0 ? null : Ecosystems.Min(e => e.SnapshotAt);
}

/// <summary>
/// One ecosystem's advisories: where they came from, when they were imported, and the snapshot time — the
/// download time for a URL, the newest <c>modified</c> date for a local archive (which may be old).
/// </summary>
internal sealed record EcosystemInfo(string Ecosystem, int Advisories, string Source, DateTimeOffset ImportedAt, DateTimeOffset SnapshotAt);

/// <summary>The binary form of <see cref="DatabaseInfo"/> at the end of the index (cheaper to read than JSON at every audit).</summary>
internal static class DatabaseInfoCodec
{
    /// <summary>Far more ecosystems than OSV has; a larger count means a damaged file.</summary>
    private const int MaxEcosystems = 1_000;

    public static void Write(BinaryWriter writer, DatabaseInfo info)
    {
        writer.Write(info.FormatVersion);
        writer.Write(info.BuiltAt.UtcTicks);
        writer.Write(info.Ecosystems.Count);
        foreach (var e in info.Ecosystems)
        {
            writer.Write(e.Ecosystem);
            writer.Write(e.Advisories);
            writer.Write(e.Source);
            writer.Write(e.ImportedAt.UtcTicks);
            writer.Write(e.SnapshotAt.UtcTicks);
        }
    }

    /// <exception cref="FormatException">The bytes are not a database description.</exception>
    public static DatabaseInfo Read(BinaryReader reader)
    {
        var version = reader.ReadInt32();
        var builtAt = Date(reader);
        var count = reader.ReadInt32();
        if (count is < 0 or > MaxEcosystems)
        {
            throw new FormatException("bad ecosystem count");
        }
        var ecosystems = new EcosystemInfo[count];
        for (var i = 0; i < count; i++)
        {
            ecosystems[i] = new EcosystemInfo(reader.ReadString(), reader.ReadInt32(), reader.ReadString(), Date(reader), Date(reader));
        }
        return new DatabaseInfo { FormatVersion = version, BuiltAt = builtAt, Ecosystems = ecosystems };
    }

    private static DateTimeOffset Date(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        return ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new FormatException("bad date");
    }
}
