using System.Xml;
using Bulwark.Scanning.Dependencies.Manifests.DotNet;

namespace Bulwark.Scanning.Dependencies.Manifests.Java;

/// <summary>
/// Streams a POM, collecting <c>project/dependencies</c>, <c>project/dependencyManagement/dependencies</c>,
/// <c>project/properties</c> and the project's and parent's coordinates. Plugins and profiles are not read.
/// </summary>
internal sealed class PomReader(XmlReader reader)
{
    private readonly List<string> _path = [];
    private PomDependency? _current;

    public List<PomDependency> Dependencies { get; } = [];

    public List<PomDependency> Managed { get; } = [];

    /// <summary>The POM's properties plus <c>project.version</c>, <c>project.groupId</c> and the parent's.</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

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
                    Text(reader.Value.Trim(), XmlManifestReader.Position(reader));
                    break;
                case XmlNodeType.EndElement:
                    EndElement();
                    break;
            }
        }
    }

    private void StartElement()
    {
        var (line, column) = XmlManifestReader.Position(reader);
        if (_path.Count >= XmlManifestReader.MaxDepth)
        {
            throw new XmlException($"elements nested deeper than {XmlManifestReader.MaxDepth} levels", null, line, column);
        }
        var isEmpty = reader.IsEmptyElement;
        _path.Add(reader.LocalName);
        if (reader.LocalName == "dependency" && (IsAt("project", "dependencies", "dependency") || IsAt("project", "dependencyManagement", "dependencies", "dependency")))
        {
            _current = new PomDependency(line, column);
        }
        if (isEmpty)
        {
            EndElement();
        }
    }

    private void Text(string value, (int Line, int Column) position)
    {
        if (_path.Count == 3 && IsAt("project", "properties", _path[2]))
        {
            Properties[_path[2]] = value;
        }
        else if (IsAt("project", "version") || IsAt("project", "groupId"))
        {
            Properties["project." + _path[1]] = value;
        }
        else if (IsAt("project", "parent", "version") || IsAt("project", "parent", "groupId"))
        {
            Properties["project.parent." + _path[2]] = value;
        }
        else if (_current is not null && _path.Count >= 2 && _path[^2] == "dependency")
        {
            switch (_path[^1])
            {
                case "groupId":
                    _current.GroupId = value;
                    break;
                case "artifactId":
                    _current.ArtifactId = value;
                    break;
                case "version":
                    _current.Version = (value, position.Line, position.Column);
                    break;
                case "scope":
                    _current.Scope = value;
                    break;
            }
        }
    }

    private void EndElement()
    {
        if (_path.Count == 0)
        {
            return;
        }
        if (_current is not null && _path[^1] == "dependency")
        {
            (_path.Count == 3 ? Dependencies : Managed).Add(_current);
            _current = null;
        }
        _path.RemoveAt(_path.Count - 1);
    }

    private bool IsAt(params ReadOnlySpan<string> names)
    {
        if (_path.Count != names.Length)
        {
            return false;
        }
        for (var i = 0; i < names.Length; i++)
        {
            if (!string.Equals(_path[i], names[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
