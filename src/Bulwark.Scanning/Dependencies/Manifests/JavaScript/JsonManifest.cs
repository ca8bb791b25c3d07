using System.Text;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>A JSON manifest read into <see cref="PositionedJson"/> with its line index, or the syntax error.</summary>
internal sealed class JsonManifest
{
    private JsonManifest(PositionedJson? root, Utf8LineIndex lines, ManifestError? error)
    {
        Root = root;
        Lines = lines;
        Error = error;
    }

    /// <summary>The document's top-level object; null when the text is not JSON or not an object.</summary>
    public PositionedJson? Root { get; }

    public Utf8LineIndex Lines { get; }

    public ManifestError? Error { get; }

    public static JsonManifest Parse(string text, string file, int maxDepth)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var lines = new Utf8LineIndex(utf8);
        var root = PositionedJsonReader.Read(utf8, maxDepth, lines, out var syntax);
        if (syntax is { } failure)
        {
            var (line, column) = lines.Position(failure.Offset);
            return new JsonManifest(null, lines, new ManifestError(file, line, column, failure.Message));
        }
        if (root is not { IsObject: true })
        {
            var (line, column) = lines.Position(root?.Offset ?? 0);
            return new JsonManifest(null, lines, new ManifestError(file, line, column, "expected a JSON object at the top level"));
        }
        return new JsonManifest(root, lines, null);
    }

    public ManifestError ErrorAt(string file, long offset, string message)
    {
        var (line, column) = Lines.Position(offset);
        return new ManifestError(file, line, column, message);
    }
}
