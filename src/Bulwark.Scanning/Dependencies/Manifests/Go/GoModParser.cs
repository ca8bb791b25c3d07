namespace Bulwark.Scanning.Dependencies.Manifests.Go;

/// <summary>
/// go.mod: every required module at its version, <c>// indirect</c> ones as transitive. A <c>replace</c> is
/// applied: a module replaced by another module version is audited as the replacement (at the replacement's
/// version), one replaced by a local folder has no version and a path source. Since Go 1.17 go.mod lists the
/// selected version of every module the build needs, so it counts as a lockfile.
/// </summary>
internal sealed class GoModParser : IManifestParser
{
    public string Format => "go.mod";

    public bool Matches(string fileName) => fileName.Equals("go.mod", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var errors = new List<ManifestError>();
        var module = GoModReader.Read(input.ReadText(), file, errors, cancellationToken);
        var packages = new List<DeclaredPackage>(module.Requires.Count);
        foreach (var require in module.Requires)
        {
            var package = new DeclaredPackage
            {
                Ecosystem = Ecosystems.Go,
                Name = require.Path,
                Version = require.Version,
                File = file,
                Line = require.Line,
                Column = require.Column,
                Scope = require.Indirect ? DependencyScope.Transitive : DependencyScope.Direct,
            };
            packages.Add(ReplacementOf(require, module.Replaces) is { } replace ? Apply(package, replace) : package);
        }
        return new ManifestParseResult { File = file, IsLockfile = true, Packages = packages, Errors = errors };
    }

    /// <summary>A replace naming the exact version wins over one naming every version of the module.</summary>
    private static GoReplace? ReplacementOf(GoRequire require, IReadOnlyList<GoReplace> replaces)
    {
        GoReplace? anyVersion = null;
        foreach (var replace in replaces)
        {
            if (!string.Equals(replace.OldPath, require.Path, StringComparison.Ordinal))
            {
                continue;
            }
            if (string.Equals(replace.OldVersion, require.Version, StringComparison.Ordinal))
            {
                return replace;
            }
            anyVersion ??= replace.OldVersion is null ? replace : null;
        }
        return anyVersion;
    }

    private static DeclaredPackage Apply(DeclaredPackage package, GoReplace replace) => replace.NewVersion is null
        ? package with { Version = null, Source = PackageSource.Path, SourceUrl = replace.NewPath, Line = replace.NewLine, Column = replace.NewColumn }
        : package with { Name = replace.NewPath, Version = replace.NewVersion, Line = replace.NewLine, Column = replace.NewColumn };
}
