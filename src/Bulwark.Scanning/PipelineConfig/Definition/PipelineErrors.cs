namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>Collects errors up to a cap, so a hostile file cannot make the report itself unbounded.</summary>
internal sealed class PipelineErrors(int max)
{
    private readonly List<PipelineError> _errors = [];

    public int Count => _errors.Count;

    public void Add(string message, int line, int column)
    {
        if (_errors.Count < max)
        {
            _errors.Add(new PipelineError(message, line, column));
        }
    }

    public void Add(string message, YamlNode at) => Add(message, at.Line, at.Column);

    /// <summary>The errors in file order (the reader and the checks find them in different passes).</summary>
    public IReadOnlyList<PipelineError> Sorted() =>
        [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
