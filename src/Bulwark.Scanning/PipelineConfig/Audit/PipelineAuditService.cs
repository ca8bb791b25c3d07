using System.Collections.Concurrent;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Scanning.Files;
using Bulwark.Scanning.PipelineConfig.Audit.Advisories;
using Bulwark.Scanning.PipelineConfig.Audit.BulwarkFile;
using Bulwark.Scanning.PipelineConfig.Audit.Fixes;
using Bulwark.Scanning.PipelineConfig.Audit.GitHub;
using Bulwark.Scanning.PipelineConfig.Audit.GitLab;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>
/// Runs a pipeline-configuration audit: finds the GitHub Actions, GitLab CI and .bulwark.yml files under a
/// root, reads each one (a bad file is a positioned error; the others are still audited), runs the rule
/// families, and returns the report plus the planned fixes. Files are audited in parallel; GitLab roots, which
/// read their includes, after them.
/// </summary>
internal sealed class PipelineAuditService(TimeProvider time)
{
    public const string Gate = "pipeline";

    /// <exception cref="ConfigException">The path or bulwark.toml is unusable.</exception>
    public PipelineAuditOutcome Run(PipelineAuditRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var root = Path.GetFullPath(request.Path);
        if (!File.Exists(root) && !Directory.Exists(root))
        {
            throw new ConfigException($"{request.Path}: no such file or directory");
        }
        var reportRoot = Directory.Exists(root) ? root : Path.GetDirectoryName(root) ?? root;
        var config = BulwarkConfigLoader.LoadFromRoot(root);
        var notices = new ConcurrentQueue<Notice>();
        using var index = OpenAdvisories(request.DataDirectory, notices);
        var options = new AuditOptions
        {
            AllowedOwners = [.. config.Pipeline.AllowedOwners, .. request.AllowedOwners],
            DisabledRules = new HashSet<string>(config.Pipeline.DisableRules, StringComparer.Ordinal),
            Advisories = index is null ? null : new ActionAdvisories(index),
            Limits = request.Limits,
        };
        var filter = new PathFilter([.. config.Exclude, .. config.Pipeline.Exclude, .. request.Exclude]);
        var files = PipelineDiscovery.Find(root, request.RespectIgnore, filter, notices.Enqueue);
        if (files.Count > request.Limits.MaxFiles)
        {
            notices.Enqueue(new Notice(NoticeLevel.Warning, Gate, $"{files.Count} pipeline files found; only the first {request.Limits.MaxFiles} were audited"));
            files = files[..request.Limits.MaxFiles];
        }

        var sinks = new ConcurrentBag<AuditSink>();
        var pins = new ConcurrentBag<PinComment>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.ForEach(files.Where(f => f.Kind != PipelineFileKind.GitLabCi), parallel, file =>
        {
            var local = new List<Notice>();
            if (PipelineFileReader.Read(file.FullPath, file.RelativePath, file.Kind, request.Limits, local) is { } parsed)
            {
                var sink = new AuditSink(parsed, options);
                var filePins = new List<PinComment>();
                if (file.Kind == PipelineFileKind.Bulwark)
                {
                    BulwarkAudit.Run(parsed, sink, local);
                }
                else
                {
                    WorkflowAudit.Run(parsed, sink, filePins);
                }
                filePins.ForEach(pins.Add);
                sinks.Add(sink);
            }
            local.ForEach(notices.Enqueue);
        });
        foreach (var file in files.Where(f => f.Kind == PipelineFileKind.GitLabCi))
        {
            cancellationToken.ThrowIfCancellationRequested();
            AuditGitLab(reportRoot, file, options, sinks, notices);
        }

        var allSinks = sinks.OrderBy(s => s.File.Path, StringComparer.Ordinal).ToList();
        var raw = allSinks.SelectMany(s => s.Findings).Concat(PinMismatches(pins, options)).ToList();
        foreach (var sink in allSinks)
        {
            foreach (var warning in sink.Warnings.Sorted())
            {
                notices.Enqueue(new Notice(NoticeLevel.Warning, $"{sink.File.Path}:{warning.Line}:{warning.Column}", warning.Message));
            }
        }
        var findings = AuditFindings.ToFindings(raw);
        var fixes = request.Fix ? Fixes(reportRoot, allSinks, request.Limits, notices) : [];
        var report = new ScanReport(
            Gate,
            reportRoot,
            findings,
            [.. AuditRules.All.Select(r => r.Descriptor)],
            [.. notices.OrderBy(n => n.Level == NoticeLevel.Info ? 1 : 0).ThenBy(n => n.Path, StringComparer.Ordinal)],
            new ScanStatistics(files.Count, allSinks.Sum(s => (long)s.File.Text.Length), time.GetElapsedTime(started)));
        return new PipelineAuditOutcome(report, config.Pipeline.FailOn, fixes);
    }

    private static void AuditGitLab(string reportRoot, (string FullPath, string RelativePath, PipelineFileKind Kind) file, AuditOptions options,
        ConcurrentBag<AuditSink> sinks, ConcurrentQueue<Notice> notices)
    {
        var local = new List<Notice>();
        if (PipelineFileReader.Read(file.FullPath, file.RelativePath, file.Kind, options.Limits, local) is not { } parsed)
        {
            local.ForEach(notices.Enqueue);
            return;
        }
        var byFile = new Dictionary<AuditFile, AuditSink>(ReferenceEqualityComparer.Instance);
        AuditSink SinkFor(AuditFile f)
        {
            if (!byFile.TryGetValue(f, out var sink))
            {
                byFile[f] = sink = new AuditSink(f, options);
            }
            return sink;
        }
        // Includes are relative to the repository root: the audit root, or the folder holding the root file.
        var includeRoot = Path.GetDirectoryName(file.FullPath) ?? reportRoot;
        var prefix = Path.GetRelativePath(reportRoot, includeRoot).Replace('\\', '/');
        AuditFile? Load(string relative)
        {
            var full = Path.GetFullPath(Path.Combine(includeRoot, relative));
            var reported = prefix == "." ? relative : $"{prefix}/{relative}";
            if (!full.StartsWith(includeRoot, StringComparison.Ordinal) || !File.Exists(full))
            {
                local.Add(new Notice(NoticeLevel.Warning, file.RelativePath, $"local include '{relative}' not found"));
                return null;
            }
            return PipelineFileReader.Read(full, reported, PipelineFileKind.GitLabCi, options.Limits, local);
        }
        var pipeline = new GitLabReader(includeRoot, Load, options.Limits).Read(parsed, SinkFor(parsed));
        GitLabAudit.Run(pipeline, SinkFor);
        foreach (var sink in byFile.Values)
        {
            sinks.Add(sink);
        }
        local.ForEach(notices.Enqueue);
    }

    /// <summary>One commit SHA described as two different versions: every pin disagreeing with the first one seen.</summary>
    private static IEnumerable<AuditFinding> PinMismatches(IEnumerable<PinComment> pins, AuditOptions options)
    {
        if (options.DisabledRules.Contains(AuditRules.UnpinnedActionVersionMismatch.Id))
        {
            yield break;
        }
        foreach (var group in pins.GroupBy(p => (p.Action, p.Sha)))
        {
            var ordered = group.OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
            var first = ordered[0];
            var firstVersion = PinningCheck.Version(first.Version)!;
            foreach (var pin in ordered.Skip(1).Where(p => !PinningCheck.Compatible(PinningCheck.Version(p.Version)!, firstVersion)))
            {
                var rule = AuditRules.UnpinnedActionVersionMismatch;
                yield return new AuditFinding(rule, pin.Path, pin.Line, pin.Column,
                    $"{pin.Action}@{pin.Sha[..12]}… is commented '{pin.Version}' here but '{first.Version}' at {first.Path}:{first.Line}; one of them is wrong",
                    $"{pin.Action}|{pin.Sha}|{pin.Version}", rule.Severity);
            }
        }
    }

    private static AdvisoryIndex? OpenAdvisories(string? dataDirectory, ConcurrentQueue<Notice> notices)
    {
        const string rule = "known-vulnerable-action";
        if (dataDirectory is null)
        {
            notices.Enqueue(new Notice(NoticeLevel.Info, Gate, $"no advisory database given: the {rule} rule was skipped"));
            return null;
        }
        try
        {
            var index = AdvisoryIndex.TryOpen(IndexFormat.PathIn(dataDirectory));
            if (index is null)
            {
                notices.Enqueue(new Notice(NoticeLevel.Info, Gate, $"no advisory database in {dataDirectory}: the {rule} rule was skipped; run `bulwark deps db update`"));
            }
            else if (!index.Info.Ecosystems.Any(e => e.Ecosystem == Dependencies.Ecosystems.GitHubActions))
            {
                notices.Enqueue(new Notice(NoticeLevel.Info, Gate, $"the advisory database holds no GitHub Actions advisories: the {rule} rule found nothing to match; run `bulwark deps db update`"));
            }
            return index;
        }
        catch (AdvisoryDatabaseException ex)
        {
            notices.Enqueue(new Notice(NoticeLevel.Warning, Gate, $"{ex.Message}; the {rule} rule was skipped"));
            return null;
        }
    }

    /// <summary>The fixes, each file's new text re-read as YAML first: a fix that would break the file is dropped.</summary>
    private static List<FixedFile> Fixes(string reportRoot, List<AuditSink> sinks, AuditLimits limits, ConcurrentQueue<Notice> notices)
    {
        var planned = AuditFixer.Plan(sinks.Where(s => s.Fixes.Count > 0).Select(s => (s.File, Path.Combine(reportRoot, s.File.Path), (IReadOnlyList<FixRequest>)s.Fixes)));
        var valid = new List<FixedFile>();
        foreach (var file in planned)
        {
            var check = new List<Notice>();
            if (PipelineFileReader.Parse(file.After, file.Path, PipelineFileKind.GitHubWorkflow, limits, check) is null || check.Any(n => n.Level == NoticeLevel.Error))
            {
                notices.Enqueue(new Notice(NoticeLevel.Warning, file.Path, "the fixes planned for this file would not leave valid YAML; fix it by hand"));
                continue;
            }
            valid.Add(file);
        }
        return valid;
    }
}

/// <summary>The report, the configured threshold, and the fixes planned when asked for.</summary>
internal sealed record PipelineAuditOutcome(ScanReport Report, string? ConfiguredFailOn, IReadOnlyList<FixedFile> Fixes)
{
    /// <summary>Files that could not be read or parsed make the audit incomplete.</summary>
    public int FileErrors => Report.Notices.Count(n => n.Level == NoticeLevel.Error);
}
