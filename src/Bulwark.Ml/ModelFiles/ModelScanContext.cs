using System.Diagnostics;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// Everything an analyzer needs while scanning one file: limits, the global classifier, where to report, and
/// the way back into format dispatch for nested content. One instance per scanned file (not shared across
/// threads).
/// </summary>
internal sealed class ModelScanContext(ModelScanLimits limits, IGlobalClassifier globals, ModelFormatSniffer sniffer, bool strict)
{
    private readonly List<ModelIssue> _issues = [];
    private readonly List<Notice> _notices = [];
    private readonly List<GlobalReference> _globals = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ModelScanLimits Limits { get; } = limits;

    public IGlobalClassifier Globals { get; } = globals;

    /// <summary>With <c>--strict</c>, an unknown global is reported at high severity instead of medium.</summary>
    public bool Strict { get; } = strict;

    public IReadOnlyList<ModelIssue> Issues => _issues;

    public IReadOnlyList<Notice> Notices => _notices;

    /// <summary>Every global a pickle (or config) of this file imports, for <c>--list-globals</c>.</summary>
    public IReadOnlyList<GlobalReference> GlobalReferences => _globals;

    /// <summary>True once the file's time budget is spent; long loops check it and stop with a notice.</summary>
    public bool Expired => _clock.Elapsed > Limits.MaxTimePerFile;

    public void Report(ModelIssue issue) => _issues.Add(issue);

    public void Notice(NoticeLevel level, ModelLocation where, string message) => _notices.Add(new Notice(level, where.ToString(), message));

    public void RecordGlobal(GlobalReference reference) => _globals.Add(reference);

    /// <summary>Sniffs nested content (an archive member, a pickle inside an array) and scans it with its format.</summary>
    public void ScanNested(ModelContent content, CancellationToken cancellationToken)
    {
        if (content.Depth > Limits.MaxArchiveDepth)
        {
            Notice(NoticeLevel.Warning, content.Location, $"nested deeper than {Limits.MaxArchiveDepth} archives; not opened");
            return;
        }
        sniffer.Scan(content, this, cancellationToken);
    }
}

/// <summary>A global imported by a model file, where, through which opcode or key, and how it was classified.</summary>
internal sealed record GlobalReference(ModelLocation Location, string Module, string Name, string Via, GlobalVerdict Verdict)
{
    public string Qualified => $"{Module}.{Name}";
}
