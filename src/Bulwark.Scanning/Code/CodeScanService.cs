using System.Collections.Concurrent;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Code.Analysis;
using Bulwark.Scanning.Files;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Code;

/// <summary>
/// Runs <c>bulwark code scan</c>: finds the .py/.pyi files and notebooks under a root (honouring .gitignore,
/// bulwark.toml excludes and --exclude), scans them in parallel (one <see cref="CodeFileScanner"/> per worker),
/// merges imported SARIF, and returns one report whose findings are sorted by path and line.
/// </summary>
internal sealed class CodeScanService(TimeProvider time)
{
    public const string Gate = "code";

    /// <exception cref="ConfigException">The path or bulwark.toml is unusable.</exception>
    public CodeScanOutcome Run(CodeScanRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var root = Path.GetFullPath(request.Path);
        var isFile = File.Exists(root);
        if (!isFile && !Directory.Exists(root))
        {
            throw new ConfigException($"{request.Path}: no such file or directory");
        }
        var reportRoot = isFile ? Path.GetDirectoryName(root) ?? root : root;
        var config = BulwarkConfigLoader.LoadFromRoot(root);
        var notices = new ConcurrentQueue<Notice>();
        var filter = new PathFilter([.. config.Exclude, .. config.Code.Exclude, .. request.Exclude]);
        var files = isFile
            ? [new SourceFile(root, Path.GetFileName(root))]
            : SourceTree.Enumerate(root, request.RespectIgnore, filter, notices.Enqueue).Where(f => IsCode(f.RelativePath)).ToList();
        request.Listed?.Invoke(files.Count);
        var disabled = new HashSet<string>([.. config.Code.DisableRules, .. request.DisableRules], StringComparer.Ordinal);
        var maxBytes = request.MaxFileBytes ?? config.Code.MaxFileSize ?? CodeScanRequest.DefaultMaxFileBytes;
        var secretRules = SecretRuleLoader.LoadDefault();
        var index = CodeRuleIndex.Default;

        var results = new ConcurrentBag<(List<Finding> Findings, List<Notice> Notices, long Bytes)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.ForEach(
            files,
            parallel,
            () => (Scanner: new CodeFileScanner(index, secretRules, disabled, maxBytes, request.TimePerFile), Findings: new List<Finding>(), Notices: new List<Notice>(), Bytes: 0L),
            (file, _, local) =>
            {
                local.Bytes += local.Scanner.Scan(file, local.Findings, local.Notices);
                request.FileDone?.Invoke();
                return local;
            },
            local => results.Add((local.Findings, local.Notices, local.Bytes)));

        var findings = results.SelectMany(r => r.Findings).ToList();
        var allNotices = results.SelectMany(r => r.Notices).Concat(notices).ToList();
        var rules = index.Rules.Where(r => !disabled.Contains(r.Id)).Select(r => r.Descriptor).ToList();
        var secretIds = findings.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        rules.AddRange(secretRules.Rules.Select(CodeFileScanner.SecretDescriptor).Where(d => secretIds.Contains(d.Id)));
        foreach (var import in request.Imports)
        {
            SarifImport.Merge(import, reportRoot, findings, rules, allNotices);
        }
        findings.Sort((a, b) =>
        {
            var byPath = string.CompareOrdinal(a.Location.Path, b.Location.Path);
            return byPath != 0 ? byPath : a.Location.Line != b.Location.Line ? a.Location.Line.CompareTo(b.Location.Line) : string.CompareOrdinal(a.RuleId, b.RuleId);
        });
        var report = new ScanReport(
            Gate,
            reportRoot,
            findings,
            rules,
            [.. allNotices.OrderBy(n => n.Level == NoticeLevel.Info ? 1 : 0).ThenBy(n => n.Path, StringComparer.Ordinal)],
            new ScanStatistics(files.Count, results.Sum(r => r.Bytes), time.GetElapsedTime(started)));
        return new CodeScanOutcome(report, config.Code.FailOn);
    }

    private static bool IsCode(string path) =>
        path.EndsWith(".py", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".pyi", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pyw", StringComparison.OrdinalIgnoreCase);
}
