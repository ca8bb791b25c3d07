namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>One problem in a <c>.bulwark.yml</c>, at a 1-based line and column of the file.</summary>
internal sealed record PipelineError(string Message, int Line, int Column);
