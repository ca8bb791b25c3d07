using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// Loads a YAML lockfile into YamlDotNet's node model with a nesting limit: the model is built recursively,
/// so the parser events are counted first and a document nested deeper than the limit is an error, not a
/// stack overflow. Aliases stay shared nodes (never expanded), and readers walk fixed paths only.
/// </summary>
internal static class YamlManifest
{
    /// <summary>The top-level mapping, or null with <paramref name="error"/> set.</summary>
    public static YamlMappingNode? Load(string text, string file, int maxDepth, out ManifestError? error)
    {
        error = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(text)), maxDepth));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
            {
                return root;
            }
            error = new ManifestError(file, 1, 1, "expected a YAML mapping at the top level");
        }
        catch (YamlException ex)
        {
            error = new ManifestError(file, (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column), "invalid YAML: " + ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The node model rejects a repeated mapping key with an ArgumentException, and some truncated streams
            // (found by the fuzz tests) with an InvalidOperationException; neither carries a position.
            error = new ManifestError(file, 0, 0, "invalid YAML: " + ex.Message);
        }
        return null;
    }

    /// <summary>The scalar text of <paramref name="mapping"/>[<paramref name="key"/>], or null.</summary>
    public static YamlScalarNode? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlScalarNode : null;

    public static YamlMappingNode? Mapping(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    public static (int Line, int Column) Position(YamlNode node) => ((int)node.Start.Line, (int)node.Start.Column);

    private sealed class DepthLimitedParser(IParser inner, int maxDepth) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }
            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    if (++_depth > maxDepth)
                    {
                        throw new YamlException(inner.Current.Start, inner.Current.End, $"nested deeper than {maxDepth} levels");
                    }
                    break;
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }
            return true;
        }
    }
}
