using System.Text.Json;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// npm's <c>package.json</c> manifest: the ranges of dependencies, devDependencies and optionalDependencies.
/// An exact version (<c>1.2.3</c>, <c>=1.2.3</c>) is a pin; git, file, URL specifiers name their source;
/// <c>npm:</c> aliases are reported under the real package's name.
/// </summary>
internal sealed class PackageJsonParser : IManifestParser
{
    public string Format => "package.json";

    public bool Matches(string fileName) => fileName.Equals("package.json", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var json = JsonManifest.Parse(input.ReadText(), file, input.Limits.MaxJsonDepth);
        var packages = new List<DeclaredPackage>();
        var errors = new List<ManifestError>();
        if (json.Root is not { } root)
        {
            errors.Add(json.Error!);
            return new ManifestParseResult { File = file, IsLockfile = false, Errors = errors };
        }
        foreach (var (section, isDevelopment) in NpmManifestDependencies.Sections)
        {
            if (section == "peerDependencies" || root.Get(section) is not { } entries)
            {
                continue;
            }
            if (!entries.IsObject)
            {
                errors.Add(json.ErrorAt(file, entries.Offset, $"'{section}' is not an object"));
                continue;
            }
            foreach (var member in entries.Members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.Value is not { Kind: JsonTokenType.String, Text: { } specifier })
                {
                    errors.Add(json.ErrorAt(file, member.Value.Offset, $"'{member.Name}' in '{section}' is not a string"));
                    continue;
                }
                var (line, column) = json.Lines.Position(member.Value.Offset);
                packages.Add(Declare(member.Name, specifier, isDevelopment) with { File = file, Line = line, Column = column });
            }
        }
        return new ManifestParseResult { File = file, IsLockfile = false, Packages = packages, Errors = errors };
    }

    private static DeclaredPackage Declare(string name, string specifier, bool isDevelopment)
    {
        var range = specifier.Trim();
        if (range.StartsWith("npm:", StringComparison.Ordinal))
        {
            // "npm:real@range" installs "real" under another folder name; advisories are filed under "real".
            var aliased = range[4..];
            (name, range) = NpmSource.TrySplitSpecifier(aliased, out var real, out var realRange) ? (real, realRange) : (aliased, "");
        }
        var source = NpmSource.Classify(range, urlsAreRegistry: false);
        if (source == PackageSource.Registry && IsGitHubShorthand(range))
        {
            source = PackageSource.Vcs;
        }
        return new DeclaredPackage
        {
            Ecosystem = Ecosystems.Npm,
            Name = name,
            Version = source == PackageSource.Registry ? ExactVersion(range) : null,
            Requirement = specifier,
            File = "",
            Scope = DependencyScope.Direct,
            IsDevelopment = isDevelopment,
            Source = source,
            SourceUrl = source == PackageSource.Registry ? null : range,
        };
    }

    /// <summary><c>user/repo</c> or <c>user/repo#ref</c>: npm reads it as a GitHub repository.</summary>
    private static bool IsGitHubShorthand(string range) =>
        range.Length > 2 && range[0] != '@' && range.Contains('/') && !range.Contains(' ') && !range.Contains(':');

    /// <summary>The version of an exact range (<c>1.2.3</c>, <c>=1.2.3</c>, <c>v1.2.3-rc.1</c>), else null.</summary>
    internal static string? ExactVersion(string range)
    {
        var text = range.AsSpan().Trim();
        if (text.StartsWith("="))
        {
            text = text[1..].TrimStart();
        }
        if (text.StartsWith("v"))
        {
            text = text[1..];
        }
        var dots = 0;
        var core = text.IndexOfAny('-', '+') is var cut and >= 0 ? text[..cut] : text;
        foreach (var c in core)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }
        var valid = dots == 2 && core.Length >= 5 && core[0] != '.' && core[^1] != '.' && !core.Contains("..", StringComparison.Ordinal);
        return valid && text.IndexOfAny(" |<>") < 0 ? text.ToString() : null;
    }
}
