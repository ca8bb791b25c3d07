namespace Bulwark.Scanning.Dependencies.Manifests.Rust;

/// <summary>One <c>[[package]]</c> table of Cargo.lock as written.</summary>
internal sealed class CargoPackage(int line)
{
    /// <summary>Line of the <c>[[package]]</c> header.</summary>
    public int Line { get; } = line;

    public string? Name { get; set; }

    public string? Version { get; set; }

    public int VersionLine { get; set; }

    public int VersionColumn { get; set; }

    /// <summary><c>registry+…</c>, <c>sparse+…</c> or <c>git+…</c>; null for the workspace's own crates.</summary>
    public string? Source { get; set; }

    public string? Checksum { get; set; }

    /// <summary>Entries <c>name</c>, <c>name version</c> or <c>name version (source)</c>.</summary>
    public List<string> Dependencies { get; } = [];
}
