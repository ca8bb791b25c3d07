using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Core.Limits;
using Bulwark.Scanning.Files;
using Bulwark.Scanning.Secrets.Content;
using Bulwark.Scanning.Secrets.History;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// Runs a whole secret scan: reads bulwark.toml at the root, loads rules (default or gitleaks-format),
/// picks the source (tree, single file, stdin or git history) and returns the report.
/// </summary>
internal sealed class SecretScanService(TimeProvider time)
{
    public const string Gate = "secrets";

    /// <summary>Progress callbacks for a host that draws them; all optional.</summary>
    public sealed record Progress(Action<int>? FilesListed = null, Action? FileDone = null, IProgress<GitHistoryProgress>? History = null);

    /// <exception cref="ConfigException">The configuration, rules or path is unusable; the message says which and where.</exception>
    public SecretScanOutcome Run(SecretScanRequest request, Progress? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var root = request.FromStdin ? Directory.GetCurrentDirectory() : Path.GetFullPath(request.Path);
        if (!request.FromStdin && !File.Exists(root) && !Directory.Exists(root))
        {
            throw new ConfigException($"{request.Path}: no such file or directory");
        }
        var config = request.FromStdin ? BulwarkConfig.Empty : BulwarkConfigLoader.LoadFromRoot(root);
        var rules = LoadRules(request, config);
        var defaults = new InputLimits();
        var options = new SecretScanOptions
        {
            Limits = defaults with
            {
                MaxFileBytes = request.MaxFileBytes ?? config.Secrets.MaxFileSize ?? defaults.MaxFileBytes,
                MaxArchiveDepth = config.Secrets.ArchiveDepth ?? defaults.MaxArchiveDepth,
            },
            Parallelism = request.Parallelism ?? Environment.ProcessorCount,
        };
        options.Limits.Validate();
        var filter = new PathFilter([.. config.Exclude, .. config.Secrets.Exclude, .. request.Exclude]);
        var sink = new ScanSink();
        var reportRoot = Directory.Exists(root) ? root : Path.GetDirectoryName(root) ?? root;
        long commits = 0;

        if (request.FromStdin)
        {
            var input = request.Input ?? throw new ConfigException("-: no input stream was given to scan");
            new SecretScanner(rules, options).Scan(input, new ContentOrigin("<stdin>"), sink, cancellationToken);
        }
        else if (request.History)
        {
            var summary = new GitHistoryScanner(rules, options, filter).Scan(root, request.Since, sink, progress?.History, cancellationToken);
            commits = summary.Commits;
        }
        else
        {
            IEnumerable<SourceFile> files = File.Exists(root)
                ? [new SourceFile(root, Path.GetFileName(root))]
                : SourceTree.Enumerate(root, request.RespectIgnore, filter, n => sink.AddNotice(n.Level, n.Path, n.Message));
            if (progress?.FilesListed is { } listed)
            {
                // A progress bar needs the total first; without one, workers start on the first file listed.
                var list = files.ToList();
                listed(list.Count);
                files = list;
            }
            new TreeSecretScan(rules, options).Scan(files, sink, progress?.FileDone is { } done ? _ => done() : null, cancellationToken);
        }

        var findings = sink.Findings();
        var usedRules = findings.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        var report = new ScanReport(
            Gate,
            reportRoot,
            findings,
            rules.Rules.Where(r => usedRules.Contains(r.Id)).Select(r => r.Describe()).ToList(),
            sink.Notices(),
            new ScanStatistics(sink.Files, sink.Bytes, time.GetElapsedTime(started)) { Commits = commits });
        return new SecretScanOutcome(report, config.Secrets.FailOn);
    }

    /// <param name="ConfiguredFailOn">fail_on from bulwark.toml, used when --fail-on is not given.</param>
    public sealed record SecretScanOutcome(ScanReport Report, string? ConfiguredFailOn);

    private static SecretRuleSet LoadRules(SecretScanRequest request, BulwarkConfig config)
    {
        var disabled = config.Secrets.DisableRules;
        if (request.GitleaksConfig is { } path)
        {
            return SecretRuleLoader.LoadGitleaks(path, disabled);
        }
        if (config.Secrets.RulesConfig is { } fromConfig)
        {
            var relative = Path.Combine(Path.GetDirectoryName(config.SourcePath) ?? ".", fromConfig);
            return SecretRuleLoader.LoadGitleaks(relative, disabled);
        }
        return SecretRuleLoader.LoadDefault(disabled);
    }
}
