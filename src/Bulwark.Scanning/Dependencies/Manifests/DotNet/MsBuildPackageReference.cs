namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>One <c>PackageReference</c>/<c>PackageVersion</c> item as written, before properties are expanded.</summary>
internal sealed class MsBuildPackageReference(string name, int line, int column)
{
    public string Name { get; } = name;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public (string Text, int Line, int Column)? Version { get; set; }

    /// <summary>A <c>VersionOverride</c> beats <c>Version</c> (central package management's per-project override).</summary>
    public (string Text, int Line, int Column)? VersionOverride { get; set; }
}
