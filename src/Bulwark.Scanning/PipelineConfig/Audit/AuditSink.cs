using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Expressions;
using Bulwark.Scanning.PipelineConfig.Audit.Fixes;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>One rule match before it becomes a report <see cref="Finding"/>.</summary>
internal sealed record AuditFinding(AuditRule Rule, string Path, int Line, int Column, string Message, string Subject, Severity Severity)
{
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Collects the findings, positioned warnings and fix requests of one file. Disabled rules are dropped here,
/// and a finding count cap keeps a hostile file from making the report unbounded. Not thread-safe: one per file.
/// </summary>
internal sealed class AuditSink(AuditFile file, AuditOptions options)
{
    /// <summary>Most findings kept for one file.</summary>
    public const int MaxFindings = 2000;

    public AuditFile File { get; } = file;

    public AuditOptions Options { get; } = options;

    public List<AuditFinding> Findings { get; } = [];

    public List<FixRequest> Fixes { get; } = [];

    public PipelineErrors Warnings { get; } = new(options.Limits.MaxErrorsPerFile);

    /// <summary>The parsed expressions of scalars, shared by the checks that read them.</summary>
    public ExpressionSites Expressions => _expressions ??= new ExpressionSites(this);

    private ExpressionSites? _expressions;

    public bool Enabled(AuditRule rule) => !Options.DisabledRules.Contains(rule.Id);

    public void Report(AuditRule rule, YamlNode at, string message, string subject, Severity? severity = null, IReadOnlyDictionary<string, string>? properties = null) =>
        Report(rule, at.Line, at.Column, message, subject, severity, properties);

    public void Report(AuditRule rule, int line, int column, string message, string subject, Severity? severity = null, IReadOnlyDictionary<string, string>? properties = null)
    {
        if (!Enabled(rule) || Findings.Count >= MaxFindings)
        {
            return;
        }
        Findings.Add(new AuditFinding(rule, File.Path, line, column, message, subject, severity ?? rule.Severity)
        {
            Properties = properties ?? new Dictionary<string, string>(),
        });
    }

    public void Fix(FixRequest request)
    {
        if (Fixes.Count < MaxFindings)
        {
            Fixes.Add(request);
        }
    }
}
