namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>The outcome of reading a <c>.bulwark.yml</c>: the definition exactly when there are no errors.</summary>
internal sealed record PipelineParseResult(PipelineDefinition? Definition, IReadOnlyList<PipelineError> Errors)
{
    public bool IsValid => Definition is not null;
}
