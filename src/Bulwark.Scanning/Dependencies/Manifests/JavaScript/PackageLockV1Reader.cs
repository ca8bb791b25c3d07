using System.Text.Json;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// The nested <c>dependencies</c> tree of package-lock version 1. Version 1 has no list of the root's own
/// dependencies, so a top-level entry is direct only when the package.json beside the lockfile lists it.
/// </summary>
internal sealed class PackageLockV1Reader(
    string file,
    JsonManifest json,
    NpmManifestDependencies? manifest,
    List<DeclaredPackage> packages,
    List<ManifestError> errors)
{
    public void Read(PositionedJson tree, CancellationToken cancellationToken)
    {
        // Explicit stack: nesting is bounded by the JSON depth limit, and no recursion is needed.
        var pending = new Stack<(PositionedJson Tree, bool TopLevel)>();
        pending.Push((tree, true));
        while (pending.TryPop(out var level))
        {
            foreach (var member in level.Tree.Members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!member.Value.IsObject)
                {
                    errors.Add(json.ErrorAt(file, member.Value.Offset, $"dependency '{member.Name}' is not an object"));
                    continue;
                }
                Add(member, level.TopLevel);
                if (member.Value.Get("dependencies") is { IsObject: true } nested)
                {
                    pending.Push((nested, false));
                }
            }
        }
    }

    private void Add(PositionedJsonMember member, bool topLevel)
    {
        var entry = member.Value;
        if (entry.Get("version") is not { Kind: JsonTokenType.String, Text: { } text } version)
        {
            errors.Add(json.ErrorAt(file, member.NameOffset, $"dependency '{member.Name}' has no version"));
            return;
        }
        var name = member.Name;
        string? pinned = text;
        var source = PackageSource.Registry;
        string? sourceUrl = null;
        if (text.StartsWith("npm:", StringComparison.Ordinal) && NpmSource.TrySplitSpecifier(text[4..], out var aliased, out var aliasedVersion))
        {
            (name, pinned) = (aliased, aliasedVersion);
        }
        else if (text.Length > 0 && !char.IsAsciiDigit(text[0]))
        {
            // Version 1 writes git and file dependencies as the specifier in place of a version.
            source = NpmSource.Classify(text, urlsAreRegistry: false);
            (pinned, sourceUrl) = (null, text);
        }
        if (source == PackageSource.Registry && entry.GetString("resolved") is { } resolved)
        {
            source = NpmSource.Classify(resolved, urlsAreRegistry: true);
            sourceUrl = source == PackageSource.Registry ? null : resolved;
        }
        var (line, column) = json.Lines.Position(version.Offset);
        packages.Add(new DeclaredPackage
        {
            Ecosystem = Ecosystems.Npm,
            Name = name,
            Version = pinned,
            File = file,
            Line = line,
            Column = column,
            Scope = !topLevel ? DependencyScope.Transitive
                : manifest is null ? DependencyScope.Unknown
                : manifest.Contains(member.Name) ? DependencyScope.Direct : DependencyScope.Transitive,
            IsDevelopment = entry.IsTrue("dev"),
            Source = source,
            SourceUrl = sourceUrl,
            HashCount = entry.GetString("integrity") is { Length: > 0 } ? 1 : 0,
        });
    }
}
