using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.Expressions;

/// <summary>
/// Finds and parses the <c>${{ }}</c> expressions of a YAML scalar and places each one exactly in the file: the
/// k-th <c>${{</c> of the value is the k-th one of the scalar's source text (block scalars keep expressions
/// verbatim), falling back to the scalar's own position when escapes make them differ.
/// </summary>
internal sealed class ExpressionSites(AuditSink sink)
{
    private readonly Dictionary<YamlNode, List<AnalyzedExpression>> _cache = new(ReferenceEqualityComparer.Instance);

    public List<AnalyzedExpression> Analyze(YamlNode? scalar)
    {
        if (scalar is not { Kind: YamlNodeKind.Scalar } || !EmbeddedExpressions.Contains(scalar.Value))
        {
            return [];
        }
        if (_cache.TryGetValue(scalar, out var known))
        {
            return known;
        }
        var embedded = EmbeddedExpressions.Find(scalar.Value);
        var raw = RawOffsets(scalar, embedded.Count);
        var result = new List<AnalyzedExpression>(embedded.Count);
        for (var i = 0; i < embedded.Count; i++)
        {
            var (line, column) = raw is null ? (scalar.Line, scalar.Column) : sink.File.Position(raw[i]);
            var expr = ExpressionParser.Parse(embedded[i].Inner, sink.Options.Limits, out var error, out _);
            if (expr is null)
            {
                sink.Warnings.Add($"invalid expression '{Shorten(embedded[i].Inner)}': {error}", line, column);
            }
            result.Add(new AnalyzedExpression(embedded[i], expr, line, column, raw is null ? -1 : raw[i], expr is null ? [] : ExpressionFlow.Of(expr)));
        }
        _cache[scalar] = result;
        return result;
    }

    private int[]? RawOffsets(YamlNode scalar, int count)
    {
        var source = sink.File.Source(scalar);
        var offsets = new int[count];
        var found = 0;
        for (var at = source.IndexOf("${{"); at >= 0 && found < count; )
        {
            offsets[found++] = scalar.Start + at;
            var next = source[(at + 3)..].IndexOf("${{");
            at = next < 0 ? -1 : at + 3 + next;
        }
        return found == count ? offsets : null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
