using System.Collections.Concurrent;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Core.Limits;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Scanning.Dependencies.Hygiene;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Files;

namespace Bulwark.Scanning.Dependencies.Audit;

/// <summary>
/// Runs a whole dependency audit: finds the manifests, parses them in parallel, matches every pinned package
/// against the local advisory index, adds the hygiene findings, and says how old the database is.
/// </summary>
internal sealed class DependencyAuditService(TimeProvider time)
{
    public const string Gate = "deps";

    /// <summary>Progress callbacks for a host that draws them; all optional.</summary>
    public sealed record Progress(Action<int>? FilesListed = null, Action? FileDone = null);

    /// <exception cref="ConfigException">The path or configuration is unusable.</exception>
    /// <exception cref="AdvisoryDatabaseException">There is no usable advisory database.</exception>
    public DependencyAuditOutcome Run(DependencyAuditRequest request, Progress? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var root = Path.GetFullPath(request.Path);
        if (!File.Exists(root) && !Directory.Exists(root))
        {
            throw new ConfigException($"{request.Path}: no such file or directory");
        }
        var config = BulwarkConfigLoader.LoadFromRoot(root);
        using var index = AdvisoryIndex.TryOpen(IndexFormat.PathIn(request.DataDirectory))
            ?? throw new AdvisoryDatabaseException($"no advisory database in {request.DataDirectory}; run `bulwark deps db update` (or `bulwark deps db update --source all.zip` offline)");

        var notices = new ConcurrentQueue<Notice>();
        var filter = new PathFilter([.. config.Exclude, .. config.Deps.Exclude, .. request.Exclude]);
        var files = ManifestDiscovery.Find(root, request.RespectIgnore, filter, notices.Enqueue);
        progress?.FilesListed?.Invoke(files.Count);
        var reportRoot = Directory.Exists(root) ? root : Path.GetDirectoryName(root) ?? root;
        var manifests = Parse(reportRoot, files, request.Parallelism, notices, progress, cancellationToken);

        var skipDevelopment = request.SkipDevelopment ?? config.Deps.SkipDevelopment ?? false;
        var packages = Packages(manifests, skipDevelopment);
        var ignored = new HashSet<string>([.. config.Deps.IgnoreAdvisories, .. request.IgnoreAdvisories], StringComparer.OrdinalIgnoreCase);
        var skippedOnce = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var matcher = new VulnerabilityMatcher(index, ignored, (key, message) => skippedOnce.TryAdd(key, message));
        var vulnerable = packages.Select(matcher.Match).OfType<PackageVulnerabilities>().ToList();

        var findings = vulnerable.SelectMany(VulnerabilityFindings.Create).ToList();
        var hygiene = HygieneChecker.Check(manifests, TyposquatDetector.Default).ToList();
        findings.AddRange(hygiene);
        var rules = VulnerabilityFindings.Rules(vulnerable).ToList();
        var usedHygiene = hygiene.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        rules.AddRange(HygieneRules.All.Where(r => usedHygiene.Contains(r.Id)));

        var allNotices = notices.ToList();
        allNotices.AddRange(skippedOnce.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new Notice(NoticeLevel.Warning, s.Key, s.Value)));
        allNotices.AddRange(DatabaseNotices.Describe(index.Info, packages, time.GetUtcNow(), request.MaxDatabaseAgeDays ?? config.Deps.MaxDatabaseAgeDays ?? DependencyAuditRequest.DefaultMaxDatabaseAgeDays));
        var unpinned = UnpinnedOutsideLockfiles(manifests);
        if (unpinned > 0)
        {
            allNotices.Add(new Notice(NoticeLevel.Info, Gate, $"{unpinned} requirement(s) name a range, not one version, and were not matched against advisories; audit the lockfile that pins them"));
        }

        var report = new ScanReport(
            Gate,
            reportRoot,
            findings,
            rules,
            allNotices,
            new ScanStatistics(manifests.Count, files.Sum(f => SafeLength(f.File.FullPath)), time.GetElapsedTime(started)));
        return new DependencyAuditOutcome(report, config.Deps.FailOn, index.Info, vulnerable, manifests, packages.Count);
    }

    private static List<ManifestParseResult> Parse(string root, List<(SourceFile File, IManifestParser Parser)> files, int? parallelism,
        ConcurrentQueue<Notice> notices, Progress? progress, CancellationToken cancellationToken)
    {
        var results = new ManifestParseResult?[files.Count];
        var limits = new InputLimits();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, files.Count, options, i =>
        {
            var (file, parser) = files[i];
            try
            {
                results[i] = parser.Parse(new ManifestInput(root, file.RelativePath, limits), cancellationToken);
            }
            catch (ManifestReadException ex)
            {
                notices.Enqueue(new Notice(NoticeLevel.Error, file.RelativePath, ex.Message));
            }
            progress?.FileDone?.Invoke();
        });
        foreach (var error in results.OfType<ManifestParseResult>().SelectMany(r => r.Errors))
        {
            notices.Enqueue(new Notice(NoticeLevel.Error, error.File, error.Line > 0 ? $"line {error.Line}, column {error.Column}: {error.Message}" : error.Message));
        }
        return [.. results.OfType<ManifestParseResult>()];
    }

    /// <summary>Every declared package once per (file, line, name, version): included requirement files are reached twice.</summary>
    private static List<DeclaredPackage> Packages(List<ManifestParseResult> manifests, bool skipDevelopment)
    {
        var seen = new HashSet<(string, string, string, string?)>();
        var packages = new List<DeclaredPackage>();
        foreach (var package in manifests.SelectMany(m => m.Packages))
        {
            if (skipDevelopment && package.IsDevelopment)
            {
                continue;
            }
            if (seen.Add((package.File, package.Ecosystem, Ecosystems.NormalizeName(package.Ecosystem, package.Name), package.Version)))
            {
                packages.Add(package);
            }
        }
        return packages;
    }

    /// <summary>Registry requirements with a range whose package no lockfile in the same folder pins: those went unchecked.</summary>
    private static int UnpinnedOutsideLockfiles(List<ManifestParseResult> manifests)
    {
        var locked = new LockedPackages(manifests);
        return manifests
            .Where(m => !m.IsLockfile)
            .Sum(m => m.Packages.Count(p => p.Version is null && p.Source == PackageSource.Registry && !locked.Cover(p)));
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>The report plus what <c>deps fix</c> and the CLI need: the matches, the database, and the parsed manifests.</summary>
internal sealed record DependencyAuditOutcome(
    ScanReport Report,
    string? ConfiguredFailOn,
    DatabaseInfo Database,
    IReadOnlyList<PackageVulnerabilities> Vulnerable,
    IReadOnlyList<ManifestParseResult> Manifests,
    int Packages)
{
    /// <summary>Manifests that could not be read or had bad entries make the audit incomplete.</summary>
    public int ManifestErrors => Report.Notices.Count(n => n.Level == NoticeLevel.Error);
}
