using System.Xml;

namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>
/// Safe, positioned XML reading for project files and POMs: no DTDs, no external resolution, a bounded
/// element depth, and the exact position of an attribute's value (XmlReader reports the attribute's name).
/// </summary>
internal static class XmlManifestReader
{
    /// <summary>Deepest element nesting accepted; real project files and POMs stay below ten.</summary>
    public const int MaxDepth = 64;

    public static XmlReader Create(string text) => XmlReader.Create(new StringReader(text), new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersFromEntities = 0,
    });

    public static (int Line, int Column) Position(XmlReader reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    /// <summary>
    /// The position of the opening quote of the attribute the reader is on: its name's position, then past the
    /// name, '=' and whitespace. Falls back to the name's position when the text does not match.
    /// </summary>
    public static (int Line, int Column) AttributeValuePosition(XmlReader reader, TextLineIndex lines)
    {
        var (line, column) = Position(reader);
        var offset = lines.Offset(line, column) + reader.Name.Length;
        var text = lines.Text;
        while (offset < text.Length && (char.IsWhiteSpace(text[offset]) || text[offset] == '='))
        {
            offset++;
        }
        return offset < text.Length && text[offset] is '"' or '\'' ? lines.Position(offset) : (line, column);
    }

    /// <summary>
    /// The error at the exception's position, else where the reader stopped, else the document's start: a refused
    /// DTD carries no position, and a DOCTYPE can only stand in the prolog.
    /// </summary>
    public static ManifestError Error(string file, XmlException ex, XmlReader reader)
    {
        var (line, column) = ex.LineNumber > 0 ? (ex.LineNumber, ex.LinePosition) : Position(reader);
        return new ManifestError(file, Math.Max(line, 1), Math.Max(column, 1), "invalid XML: " + ex.Message);
    }
}
