using Bulwark.Scanning.Dependencies.Advisories;

namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>
/// The bookkeeping of one update: which ecosystems the new sources cover, which advisory ids are already
/// written (an advisory can appear in several ecosystems' archives), and what was skipped.
/// </summary>
internal sealed class IndexBuild(DateTimeOffset now)
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EcosystemTally> _ecosystems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _skippedEcosystems = new(StringComparer.Ordinal);
    private readonly List<string> _invalid = [];
    private int _invalidCount;
    private int _carried;
    private DatabaseInfo? _carriedInfo;

    public int Imported { get; private set; }

    public void Import(AdvisoryIndexWriter writer, string path, string source, bool downloaded, CancellationToken cancellationToken)
    {
        foreach (var document in OsvArchiveReader.Read(path, Invalid))
        {
            cancellationToken.ThrowIfCancellationRequested();
            OsvParseResult parsed;
            try
            {
                parsed = OsvAdvisoryParser.Parse(document.Content);
            }
            catch (OsvFormatException ex)
            {
                Invalid(document.Name, ex.Message);
                continue;
            }
            foreach (var ecosystem in parsed.SkippedEcosystems)
            {
                _skippedEcosystems[ecosystem] = _skippedEcosystems.GetValueOrDefault(ecosystem) + 1;
            }
            var advisory = parsed.Advisory;
            if (advisory.Affected.Count == 0 || !_written.Add(advisory.Id))
            {
                continue;
            }
            writer.Add(advisory);
            Imported++;
            foreach (var ecosystem in advisory.Affected.Select(a => a.Ecosystem).Distinct(StringComparer.Ordinal))
            {
                if (!_ecosystems.TryGetValue(ecosystem, out var tally))
                {
                    _ecosystems[ecosystem] = tally = new EcosystemTally(source, downloaded);
                }
                tally.Add(advisory.Modified);
            }
        }
    }

    /// <summary>Copies the previous index's affected entries for ecosystems none of the new sources covered.</summary>
    public void CarryOver(AdvisoryIndexWriter writer, AdvisoryIndex previous, CancellationToken cancellationToken)
    {
        _carriedInfo = previous.Info;
        foreach (var advisory in previous.All())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kept = advisory.Affected.Where(a => !_ecosystems.ContainsKey(a.Ecosystem)).ToList();
            if (kept.Count == 0 || _written.Contains(advisory.Id))
            {
                continue;
            }
            writer.Add(advisory with { Affected = kept });
            _carried++;
        }
    }

    public DatabaseInfo Info()
    {
        var ecosystems = _ecosystems
            .Select(e => new EcosystemInfo(e.Key, e.Value.Count, e.Value.Source, now, e.Value.Downloaded ? now : e.Value.Newest ?? now))
            .ToList();
        if (_carriedInfo is not null)
        {
            ecosystems.AddRange(_carriedInfo.Ecosystems.Where(e => !_ecosystems.ContainsKey(e.Ecosystem)));
        }
        return new DatabaseInfo { FormatVersion = IndexFormat.Version, BuiltAt = now, Ecosystems = [.. ecosystems.OrderBy(e => e.Ecosystem, StringComparer.Ordinal)] };
    }

    public DatabaseUpdateResult Result(string? warning) => new(Info(), Imported, _carried)
    {
        Invalid = _invalid,
        InvalidCount = _invalidCount,
        SkippedEcosystems = _skippedEcosystems,
        Warnings = warning is null ? [] : [warning],
    };

    private void Invalid(string name, string reason)
    {
        _invalidCount++;
        if (_invalid.Count < DatabaseUpdateResult.MaxListed)
        {
            _invalid.Add($"{name}: {reason}");
        }
    }

    private sealed class EcosystemTally(string source, bool downloaded)
    {
        public string Source { get; } = source;

        public bool Downloaded { get; } = downloaded;

        public int Count { get; private set; }

        public DateTimeOffset? Newest { get; private set; }

        public void Add(DateTimeOffset? modified)
        {
            Count++;
            if (modified is { } m && (Newest is null || m > Newest))
            {
                Newest = m;
            }
        }
    }
}
