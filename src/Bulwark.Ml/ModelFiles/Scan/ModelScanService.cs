using System.Collections.Concurrent;
using Bulwark.Core.Configuration;
using Bulwark.Core.Files;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Scan;

/// <summary>
/// Runs a model scan: lists the files, sniffs each one's content, lets its format analyze it (archives hand
/// their members back for sniffing), and turns the issues into findings located at the file, the archive
/// member and the byte offset.
/// </summary>
internal sealed class ModelScanService(TimeProvider time, IReadOnlyList<IModelFormat> formats, Func<IReadOnlyList<string>, IGlobalClassifier> classifier, ModelTailProbe? tail = null)
{
    public const string Gate = "model";

    /// <summary>Progress callbacks for a host that draws them; all optional.</summary>
    public sealed record Progress(Action<int>? FilesListed = null, Action? FileDone = null);

    /// <exception cref="ConfigException">A path or the configuration is unusable.</exception>
    public ModelScanOutcome Run(ModelScanRequest request, Progress? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (request.Paths.Count == 0)
        {
            throw new ConfigException("no path to scan");
        }
        var root = ScanRoot(request.Paths);
        var config = BulwarkConfigLoader.LoadFromRoot(root);
        var strict = request.Strict ?? config.Model.Strict ?? false;
        var globals = classifier([.. config.Model.AllowGlobals, .. request.AllowGlobals]);
        var sniffer = new ModelFormatSniffer(formats, tail);
        var notices = new ConcurrentQueue<Notice>();
        var excludes = new ExcludePatterns([.. config.Exclude, .. config.Model.Exclude, .. request.Exclude]);
        var files = ModelFileWalker.Enumerate(root, request.Paths, excludes, notices.Enqueue).ToList();
        progress?.FilesListed?.Invoke(files.Count);

        var results = new ModelScanContext?[files.Count];
        long bytes = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, files.Count, options, i =>
        {
            var (full, relative) = files[i];
            var context = new ModelScanContext(request.Limits, globals, sniffer, strict);
            try
            {
                using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
                Interlocked.Add(ref bytes, stream.Length);
                var content = ModelContent.Create(new ModelLocation(relative, null, -1), Path.GetFileName(full), stream, stream.Length, 0) with { DiskPath = full };
                sniffer.Scan(content, context, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                notices.Enqueue(new Notice(NoticeLevel.Error, relative, $"cannot read ({ex.Message})"));
            }
            results[i] = context;
            progress?.FileDone?.Invoke();
        });

        var contexts = results.OfType<ModelScanContext>().ToList();
        var findings = contexts.SelectMany(c => c.Issues).Select(ToFinding).DistinctBy(f => f.Fingerprint).ToList();
        var rules = contexts.SelectMany(c => c.Issues).Select(i => i.Rule).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var allNotices = notices.Concat(contexts.SelectMany(c => c.Notices)).ToList();
        var report = new ScanReport(Gate, root, findings, rules, allNotices, new ScanStatistics(files.Count, bytes, time.GetElapsedTime(started)));
        return new ModelScanOutcome(report, [.. contexts.SelectMany(c => c.GlobalReferences)], config.Model.FailOn);
    }

    /// <summary>Findings are relative to one folder: the folder scanned, the folder of the one file scanned, or the working directory.</summary>
    private static string ScanRoot(IReadOnlyList<string> paths)
    {
        if (paths.Count == 1)
        {
            var full = Path.GetFullPath(paths[0]);
            if (Directory.Exists(full))
            {
                return full;
            }
            if (File.Exists(full))
            {
                return Path.GetDirectoryName(full) ?? Directory.GetCurrentDirectory();
            }
            throw new ConfigException($"{paths[0]}: no such file or directory");
        }
        return Directory.GetCurrentDirectory();
    }

    private static Finding ToFinding(ModelIssue issue)
    {
        var where = issue.Location;
        var properties = new Dictionary<string, string>(issue.Properties, StringComparer.Ordinal);
        if (where.Member is not null)
        {
            properties["member"] = where.Member;
        }
        if (where.Offset >= 0)
        {
            properties["offset"] = where.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var location = new Location(where.File, 0, 0, 0, 0)
        {
            InnerPath = where.Member,
            ByteOffset = where.Offset >= 0 ? where.Offset : null,
        };
        var evidence = properties.TryGetValue("global", out var global) ? global : issue.Rule.Title;
        return new Finding(issue.Rule.Id, issue.Rule.Title, issue.Severity, location, issue.Message,
            Fingerprint.Create("model", issue.Rule.Id, where.File, where.Member, where.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), issue.Message), evidence)
        {
            Properties = properties,
        };
    }
}

/// <summary>The report, every global the scanned files import (for <c>--list-globals</c>), and the configured threshold.</summary>
internal sealed record ModelScanOutcome(ScanReport Report, IReadOnlyList<GlobalReference> Globals, string? ConfiguredFailOn);
