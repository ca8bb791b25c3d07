using System.Xml;

namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>Streams a project file, collecting package items and the properties of its property groups.</summary>
internal sealed class MsBuildProjectReader(
    XmlReader reader,
    TextLineIndex lines,
    List<MsBuildPackageReference> items,
    Dictionary<string, string> properties)
{
    private static readonly string[] ItemNames = ["PackageReference", "PackageVersion", "GlobalPackageReference"];

    private readonly List<string> _path = [];
    private MsBuildPackageReference? _item;
    private (int Line, int Column) _textPosition;

    public void Read(CancellationToken cancellationToken)
    {
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    cancellationToken.ThrowIfCancellationRequested();
                    StartElement();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    _textPosition = XmlManifestReader.Position(reader);
                    Text(reader.Value);
                    break;
                case XmlNodeType.EndElement:
                    EndElement();
                    break;
            }
        }
    }

    private void StartElement()
    {
        if (_path.Count >= XmlManifestReader.MaxDepth)
        {
            var (line, column) = XmlManifestReader.Position(reader);
            throw new XmlException($"elements nested deeper than {XmlManifestReader.MaxDepth} levels", null, line, column);
        }
        var name = reader.LocalName;
        var isEmpty = reader.IsEmptyElement;
        if (_path.Count == 2 && _path[1] == "ItemGroup" && Array.IndexOf(ItemNames, name) >= 0)
        {
            _item = ReadItemAttributes();
        }
        _path.Add(name);
        if (isEmpty)
        {
            EndElement();
        }
    }

    private MsBuildPackageReference? ReadItemAttributes()
    {
        var (line, column) = XmlManifestReader.Position(reader);
        string? include = null;
        (string, int, int)? version = null;
        (string, int, int)? versionOverride = null;
        while (reader.MoveToNextAttribute())
        {
            var (valueLine, valueColumn) = XmlManifestReader.AttributeValuePosition(reader, lines);
            switch (reader.LocalName)
            {
                case "Include":
                    include = reader.Value.Trim();
                    break;
                case "Version":
                    version = (reader.Value, valueLine, valueColumn);
                    break;
                case "VersionOverride":
                    versionOverride = (reader.Value, valueLine, valueColumn);
                    break;
            }
        }
        reader.MoveToElement();
        // Update items change a reference declared elsewhere (often an SDK's); they name no new package.
        return string.IsNullOrEmpty(include) ? null : new MsBuildPackageReference(include, line, column)
        {
            Version = version,
            VersionOverride = versionOverride,
        };
    }

    private void Text(string value)
    {
        var depth = _path.Count;
        if (depth == 3 && _path[1] == "PropertyGroup")
        {
            properties[_path[2]] = value.Trim();
        }
        else if (_item is not null && depth == 4 && _path[1] == "ItemGroup")
        {
            var field = (value.Trim(), _textPosition.Line, _textPosition.Column);
            if (_path[3] == "Version")
            {
                _item.Version = field;
            }
            else if (_path[3] == "VersionOverride")
            {
                _item.VersionOverride = field;
            }
        }
    }

    private void EndElement()
    {
        if (_path.Count == 0)
        {
            return;
        }
        _path.RemoveAt(_path.Count - 1);
        if (_path.Count == 2 && _item is not null)
        {
            items.Add(_item);
            _item = null;
        }
    }
}
