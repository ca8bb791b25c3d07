namespace Bulwark.Scanning.Dependencies.Manifests;

/// <summary>
/// One package a manifest or lockfile asks for, at the position that pins it. Lockfiles give exact versions;
/// manifests may give only a requirement (<see cref="Version"/> is then null unless the requirement is an
/// exact pin such as <c>==1.2.3</c>).
/// </summary>
internal sealed record DeclaredPackage
{
    /// <summary>OSV ecosystem name (<see cref="Ecosystems"/>).</summary>
    public required string Ecosystem { get; init; }

    /// <summary>The name as written (normalise with <see cref="Ecosystems.NormalizeName"/> to compare).</summary>
    public required string Name { get; init; }

    /// <summary>The exact installed/pinned version, or null when the file does not pin one.</summary>
    public string? Version { get; init; }

    /// <summary>The version requirement as written (<c>&gt;=1.0,&lt;2</c>, <c>^4.17.0</c>), or null.</summary>
    public string? Requirement { get; init; }

    /// <summary>Path of the file that declares it, relative to the audited root, with '/' separators.</summary>
    public required string File { get; init; }

    /// <summary>1-based line and column of the declaration (the pin in a lockfile), 0 when unknown.</summary>
    public int Line { get; init; }

    public int Column { get; init; }

    public DependencyScope Scope { get; init; } = DependencyScope.Unknown;

    /// <summary>True for development-only dependencies (dev groups, devDependencies, test scope).</summary>
    public bool IsDevelopment { get; init; }

    /// <summary>True for a line of a constraints file (<c>-c</c>): it pins a version but installs nothing itself.</summary>
    public bool IsConstraint { get; init; }

    public PackageSource Source { get; init; } = PackageSource.Registry;

    /// <summary>The URL, VCS URL or path for non-registry sources.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>How many <c>--hash</c>/integrity values pin the artifact (0 when none).</summary>
    public int HashCount { get; init; }

    public IReadOnlyList<string> Extras { get; init; } = [];

    /// <summary>PEP 508 environment marker as written, or null.</summary>
    public string? Marker { get; init; }
}

/// <summary>Whether a lockfile says a package was asked for directly or pulled in by another package.</summary>
internal enum DependencyScope
{
    Unknown,
    Direct,
    Transitive,
}

/// <summary>Where the package comes from.</summary>
internal enum PackageSource
{
    Registry,
    Url,
    Vcs,
    Path,
}
