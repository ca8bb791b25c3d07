namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>What an update did: the new database, and what it had to leave out (and why).</summary>
internal sealed record DatabaseUpdateResult(DatabaseInfo Info, int Imported, int CarriedOver)
{
    /// <summary>Documents that were not usable advisories: name and reason (the first <see cref="MaxListed"/>).</summary>
    public IReadOnlyList<string> Invalid { get; init; } = [];

    public int InvalidCount { get; init; }

    /// <summary>Affected entries left out because Bulwark does not audit that ecosystem, counted by ecosystem.</summary>
    public IReadOnlyDictionary<string, int> SkippedEcosystems { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public const int MaxListed = 20;
}
