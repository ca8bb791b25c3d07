using System.Text.Json.Serialization;

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

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(DatabaseInfo))]
internal sealed partial class DatabaseInfoJson : JsonSerializerContext;
