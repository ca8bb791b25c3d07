namespace Bulwark.Scanning.PipelineConfig.Audit.Expressions;

/// <summary>
/// One <c>${{ }}</c> of a YAML value: where it is in the file (<see cref="RawStart"/>: the 0-based offset of its
/// <c>${{</c> in the file text, -1 when it could not be placed), its syntax tree, and what can flow out of it.
/// </summary>
internal sealed record AnalyzedExpression(EmbeddedExpression Embedded, Expr? Expr, int Line, int Column, int RawStart, IReadOnlyList<ContextFlow> Flows)
{
    /// <summary>The first attacker-controlled path flowing out, or null.</summary>
    public string? AttackerPath => Flows.FirstOrDefault(f => ContextTrust.Of(f) == Trust.Attacker).Path;

    /// <summary>The first workflow-input path flowing out, or null.</summary>
    public string? InputPath => Flows.FirstOrDefault(f => ContextTrust.Of(f) == Trust.Input).Path;
}
