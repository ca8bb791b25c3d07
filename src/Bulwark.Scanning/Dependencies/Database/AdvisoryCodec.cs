using Bulwark.Scanning.Dependencies.Advisories;

namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>
/// The binary form of one advisory inside the index. Reading checks every count against what is left of the
/// record, so a damaged index fails with <see cref="AdvisoryDatabaseException"/> instead of allocating wildly.
/// </summary>
internal static class AdvisoryCodec
{
    public static void Write(BinaryWriter writer, Advisory advisory)
    {
        writer.Write(advisory.Id);
        WriteStrings(writer, advisory.Aliases);
        writer.Write(advisory.Summary);
        WriteDate(writer, advisory.Modified);
        WriteDate(writer, advisory.Published);
        WriteDate(writer, advisory.Withdrawn);
        WriteSeverities(writer, advisory.Severity);
        writer.Write(advisory.DatabaseSeverity ?? "");
        writer.Write(advisory.Affected.Count);
        foreach (var affected in advisory.Affected)
        {
            writer.Write(affected.Ecosystem);
            writer.Write(affected.Name);
            writer.Write(affected.Ranges.Count);
            foreach (var range in affected.Ranges)
            {
                writer.Write((byte)range.Type);
                writer.Write(range.Events.Count);
                foreach (var e in range.Events)
                {
                    writer.Write((byte)e.Kind);
                    writer.Write(e.Version);
                }
            }
            WriteStrings(writer, affected.Versions);
            WriteSeverities(writer, affected.Severity);
        }
    }

    public static Advisory Read(BinaryReader reader)
    {
        var id = reader.ReadString();
        var aliases = ReadStrings(reader);
        var summary = reader.ReadString();
        var modified = ReadDate(reader);
        var published = ReadDate(reader);
        var withdrawn = ReadDate(reader);
        var severity = ReadSeverities(reader);
        var databaseSeverity = reader.ReadString();
        var affected = new AffectedPackage[ReadCount(reader)];
        for (var i = 0; i < affected.Length; i++)
        {
            var ecosystem = reader.ReadString();
            var name = reader.ReadString();
            var ranges = new AffectedRange[ReadCount(reader)];
            for (var r = 0; r < ranges.Length; r++)
            {
                var type = (RangeType)reader.ReadByte();
                var events = new RangeEvent[ReadCount(reader)];
                for (var e = 0; e < events.Length; e++)
                {
                    events[e] = new RangeEvent((RangeEventKind)reader.ReadByte(), reader.ReadString());
                }
                ranges[r] = new AffectedRange(type, events);
            }
            affected[i] = new AffectedPackage
            {
                Ecosystem = ecosystem,
                Name = name,
                Ranges = ranges,
                Versions = ReadStrings(reader),
                Severity = ReadSeverities(reader),
            };
        }
        return new Advisory
        {
            Id = id,
            Aliases = aliases,
            Summary = summary,
            Modified = modified,
            Published = published,
            Withdrawn = withdrawn,
            Severity = severity,
            DatabaseSeverity = databaseSeverity.Length == 0 ? null : databaseSeverity,
            Affected = affected,
        };
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }
        return values;
    }

    private static void WriteSeverities(BinaryWriter writer, IReadOnlyList<SeverityScore> scores)
    {
        writer.Write(scores.Count);
        foreach (var score in scores)
        {
            writer.Write(score.Type);
            writer.Write(score.Score);
        }
    }

    private static SeverityScore[] ReadSeverities(BinaryReader reader)
    {
        var scores = new SeverityScore[ReadCount(reader)];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = new SeverityScore(reader.ReadString(), reader.ReadString());
        }
        return scores;
    }

    private static void WriteDate(BinaryWriter writer, DateTimeOffset? date) =>
        writer.Write(date?.UtcTicks ?? -1L);

    private static DateTimeOffset? ReadDate(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        if (ticks == -1)
        {
            return null;
        }
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new AdvisoryDatabaseException("the advisory index is damaged (bad date); run `bulwark deps db update`");
        }
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>A count can never exceed the bytes left in the record: each element takes at least one byte.</summary>
    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || count > left)
        {
            throw new AdvisoryDatabaseException("the advisory index is damaged (bad count); run `bulwark deps db update`");
        }
        return count;
    }
}
