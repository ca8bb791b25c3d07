namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Turns the requirement part of a requirements line (a PEP 508 specifier, a URL, or a local path) into a
/// <see cref="DeclaredPackage"/> positioned at its name. Scope and hashes are filled in by the caller.
/// </summary>
internal static class RequirementEntry
{
    /// <summary>
    /// Reads <paramref name="text"/>, which starts at <paramref name="offset"/> of <paramref name="line"/>.
    /// Returns null with <paramref name="error"/> set when it is malformed, and null without an error for a
    /// local project whose name cannot be told without building it (<c>-e .</c>).
    /// </summary>
    public static DeclaredPackage? Read(string text, int offset, RequirementLine line, string file, bool editable, out ManifestError? error)
    {
        error = null;
        if (editable || PythonArtifactNames.IsUrl(text) || LooksLikePath(text))
        {
            return FromLocation(text, offset, line, file, editable);
        }
        if (!Pep508Parser.TryParse(text, out var requirement, out var message, out var errorOffset))
        {
            var (errorLine, errorColumn) = line.PositionOf(offset + errorOffset);
            error = new ManifestError(file, errorLine, errorColumn, $"invalid requirement '{text.Trim()}': {message}");
            return null;
        }
        var (lineNumber, column) = line.PositionOf(offset + requirement!.NameOffset);
        var source = requirement.Url is null ? PackageSource.Registry : PythonArtifactNames.SourceOfUrl(requirement.Url);
        return new DeclaredPackage
        {
            Ecosystem = Ecosystems.PyPI,
            Name = requirement.Name,
            Version = requirement.PinnedVersion,
            Requirement = requirement.Specifier,
            File = file,
            Line = lineNumber,
            Column = column,
            Scope = DependencyScope.Direct,
            Source = source,
            SourceUrl = requirement.Url,
            Extras = requirement.Extras,
            Marker = requirement.Marker,
        };
    }

    private static DeclaredPackage? FromLocation(string text, int offset, RequirementLine line, string file, bool editable)
    {
        var leading = text.Length - text.TrimStart().Length;
        var location = text.Trim();
        string? marker = null;
        var semicolon = location.IndexOf(" ;", StringComparison.Ordinal);
        if (semicolon < 0 && !editable && !PythonArtifactNames.IsUrl(location))
        {
            semicolon = location.IndexOf(';', StringComparison.Ordinal);
        }
        if (semicolon >= 0)
        {
            marker = location[(semicolon + 1)..].Trim().TrimStart(';').Trim();
            location = location[..semicolon].TrimEnd();
        }
        IReadOnlyList<string> extras = [];
        if (location.EndsWith(']') && location.LastIndexOf('[') is var open and > 0)
        {
            extras = location[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            location = location[..open];
        }
        var (name, version) = PythonArtifactNames.FromLocation(location);
        if (name is null)
        {
            return null;
        }
        var (lineNumber, column) = line.PositionOf(offset + leading);
        return new DeclaredPackage
        {
            Ecosystem = Ecosystems.PyPI,
            Name = name,
            Version = version,
            File = file,
            Line = lineNumber,
            Column = column,
            Scope = DependencyScope.Direct,
            Source = PythonArtifactNames.IsUrl(location) ? PythonArtifactNames.SourceOfUrl(location) : PackageSource.Path,
            SourceUrl = location,
            Extras = extras,
            Marker = string.IsNullOrEmpty(marker) ? null : marker,
        };
    }

    /// <summary>pip reads a requirement as a path when it has a separator, starts with '.' or '~', or names an archive.</summary>
    private static bool LooksLikePath(string text)
    {
        var trimmed = text.AsSpan().Trim();
        var semicolon = trimmed.IndexOf(';');
        var target = semicolon >= 0 ? trimmed[..semicolon].TrimEnd() : trimmed;
        if (target.IsEmpty)
        {
            return false;
        }
        var at = target.IndexOf('@');
        var beforeAt = at >= 0 ? target[..at] : target;
        return target[0] is '.' or '/' or '~' or '\\'
            || beforeAt.IndexOfAny('/', '\\') >= 0
            || (at < 0 && PythonArtifactNames.IsArchive(target.ToString()));
    }
}
