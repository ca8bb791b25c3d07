namespace Bulwark.Scanning.Dependencies.Manifests.Java;

/// <summary>One <c>&lt;dependency&gt;</c> of a POM as written, before properties are expanded.</summary>
internal sealed class PomDependency(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public string? GroupId { get; set; }

    public string? ArtifactId { get; set; }

    public (string Text, int Line, int Column)? Version { get; set; }

    public string? Scope { get; set; }
}
