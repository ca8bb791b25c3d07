namespace Bulwark.Scanning.Dependencies.Manifests;

/// <summary>
/// What one parser read from one file (and, for requirements files, from the files it includes). A parser
/// keeps going after a bad entry: the entry becomes an <see cref="ManifestError"/>, the rest is still read.
/// </summary>
internal sealed record ManifestParseResult
{
    /// <summary>The file parsed, relative to the audited root, '/' separators.</summary>
    public required string File { get; init; }

    /// <summary>True for lockfiles (exact resolved versions of the whole tree), false for manifests.</summary>
    public required bool IsLockfile { get; init; }

    public IReadOnlyList<DeclaredPackage> Packages { get; init; } = [];

    /// <summary>Package indexes the file points the installer at (<c>--index-url</c>, <c>--extra-index-url</c>, Poetry sources).</summary>
    public IReadOnlyList<PackageIndex> Indexes { get; init; } = [];

    /// <summary>Other files this one pulled in (requirements <c>-r</c>/<c>-c</c>), relative to the root.</summary>
    public IReadOnlyList<string> IncludedFiles { get; init; } = [];

    public IReadOnlyList<ManifestError> Errors { get; init; } = [];
}

/// <summary>A package index named by a manifest; <see cref="IsExtra"/> marks indexes consulted besides the primary one.</summary>
internal sealed record PackageIndex(string Url, bool IsExtra, string File, int Line, int Column);

/// <summary>A problem in a manifest, with the file and 1-based position (0 when unknown).</summary>
internal sealed record ManifestError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
