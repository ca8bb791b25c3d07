namespace Bulwark.Scanning.Dependencies.Manifests.Go;

/// <summary>The requirements and replacements of a go.mod file, with positions.</summary>
internal sealed record GoModFile(IReadOnlyList<GoRequire> Requires, IReadOnlyList<GoReplace> Replaces);

/// <summary><c>require path version [// indirect]</c>.</summary>
internal sealed record GoRequire(string Path, string Version, int Line, int Column, bool Indirect);

/// <summary>
/// <c>replace old [version] =&gt; new [version]</c>. A replacement without a version is a local folder;
/// <see cref="NewLine"/>/<see cref="NewColumn"/> locate the new version, or the folder when there is none.
/// </summary>
internal sealed record GoReplace(string OldPath, string? OldVersion, string NewPath, string? NewVersion, int NewLine, int NewColumn);
