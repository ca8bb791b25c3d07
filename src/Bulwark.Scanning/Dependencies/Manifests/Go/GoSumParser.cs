using Bulwark.Scanning.Dependencies.Manifests.JavaScript;

namespace Bulwark.Scanning.Dependencies.Manifests.Go;

/// <summary>
/// go.sum: every <c>module version h1:hash</c> line without the <c>/go.mod</c> suffix is a module whose code
/// was downloaded. go.sum also keeps versions the build no longer selects, so when a go.mod lies beside it
/// go.mod is trusted for the modules it requires or replaces and go.sum only adds the modules go.mod does not
/// name (older go.mod files list only direct requirements). Those are reported as transitive.
/// </summary>
internal sealed class GoSumParser : IManifestParser
{
    public string Format => "go.sum";

    public bool Matches(string fileName) => fileName.Equals("go.sum", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var errors = new List<ManifestError>();
        var covered = CoveredByGoMod(input, cancellationToken);
        var packages = new List<DeclaredPackage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new List<GoToken>();
        var lineNumber = 0;
        foreach (var line in input.ReadText().AsSpan().EnumerateLines())
        {
            lineNumber++;
            if ((lineNumber & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (line.IsWhiteSpace())
            {
                continue;
            }
            if (!GoToken.TrySplit(line, tokens, out var comment) || tokens.Count != 3 || comment is not null)
            {
                errors.Add(new ManifestError(file, lineNumber, 1, "expected 'module version hash'"));
                continue;
            }
            var (path, version) = (tokens[0].Text, tokens[1].Text);
            if (version.EndsWith("/go.mod", StringComparison.Ordinal) || covered.Contains(path) || !seen.Add(path + "@" + version))
            {
                continue;
            }
            packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.Go,
                Name = path,
                Version = version,
                File = file,
                Line = lineNumber,
                Column = tokens[1].Column,
                Scope = DependencyScope.Transitive,
                HashCount = 1,
            });
        }
        return new ManifestParseResult { File = file, IsLockfile = true, Packages = packages, Errors = errors };
    }

    private static HashSet<string> CoveredByGoMod(ManifestInput input, CancellationToken cancellationToken)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        if (SiblingFile.TryRead(input, "go.mod") is not { } text)
        {
            return covered;
        }
        // go.mod's own problems are reported when go.mod itself is parsed.
        var module = GoModReader.Read(text, "go.mod", [], cancellationToken);
        foreach (var require in module.Requires)
        {
            covered.Add(require.Path);
        }
        foreach (var replace in module.Replaces)
        {
            covered.Add(replace.OldPath);
        }
        return covered;
    }
}
