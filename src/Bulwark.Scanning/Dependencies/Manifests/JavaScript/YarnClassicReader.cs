namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// The Yarn 1 lockfile: unindented entry headers (<c>"a@^1.0.0", a@^1.1.0:</c>) followed by two-space
/// indented fields (<c>version "1.2.3"</c>, <c>resolved</c>, <c>integrity</c>); deeper lines list the entry's
/// own dependencies and are not needed here.
/// </summary>
internal sealed class YarnClassicReader(string file, NpmManifestDependencies? manifest, List<DeclaredPackage> packages, List<ManifestError> errors)
{
    private sealed class Entry(List<string> specifiers, int line)
    {
        public List<string> Specifiers { get; } = specifiers;
        public int Line { get; } = line;
        public string? Version { get; set; }
        public int VersionLine { get; set; }
        public int VersionColumn { get; set; }
        public string? Resolved { get; set; }
        public bool HasIntegrity { get; set; }
    }

    public void Read(string text, CancellationToken cancellationToken)
    {
        Entry? entry = null;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if ((lineNumber & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var line = rawLine.TrimEnd();
            var content = line.TrimStart(' ');
            if (content.IsEmpty || content[0] == '#')
            {
                continue;
            }
            var indent = line.Length - content.Length;
            if (indent == 0)
            {
                Finish(entry);
                entry = null;
                if (content[^1] != ':' || content.Length == 1)
                {
                    errors.Add(new ManifestError(file, lineNumber, 1, "expected an entry header ending with ':'"));
                    continue;
                }
                entry = new Entry(YarnLockParser.Specifiers(content[..^1].ToString()), lineNumber);
            }
            else if (entry is null)
            {
                errors.Add(new ManifestError(file, lineNumber, indent + 1, "indented line outside an entry"));
            }
            else if (indent == 2)
            {
                ReadField(entry, content, lineNumber, indent);
            }
        }
        Finish(entry);
    }

    private static void ReadField(Entry entry, ReadOnlySpan<char> content, int lineNumber, int indent)
    {
        var space = content.IndexOf(' ');
        if (space < 0)
        {
            return;
        }
        var key = content[..space].Trim('"');
        var valueStart = space + 1;
        while (valueStart < content.Length && content[valueStart] == ' ')
        {
            valueStart++;
        }
        var value = content[valueStart..];
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }
        switch (key)
        {
            case "version":
                entry.Version = value.ToString();
                (entry.VersionLine, entry.VersionColumn) = (lineNumber, indent + valueStart + 1);
                break;
            case "resolved":
                entry.Resolved = value.ToString();
                break;
            case "integrity":
                entry.HasIntegrity = value.Length > 0;
                break;
        }
    }

    private void Finish(Entry? entry)
    {
        if (entry is null)
        {
            return;
        }
        if (entry.Specifiers.Count == 0 || !NpmSource.TrySplitSpecifier(entry.Specifiers[0], out var name, out var range))
        {
            errors.Add(new ManifestError(file, entry.Line, 1, "entry header names no package"));
            return;
        }
        if (entry.Version is null)
        {
            errors.Add(new ManifestError(file, entry.Line, 1, $"entry '{name}' has no version"));
            return;
        }
        var (scope, isDevelopment) = YarnLockParser.ScopeOf(manifest, name, entry.Specifiers);
        if (range.StartsWith("npm:", StringComparison.Ordinal) && NpmSource.TrySplitSpecifier(range[4..], out var real, out _))
        {
            name = real;
        }
        // The range says what was asked for (git, folder, tarball); a plain range's resolved URL can still point at git.
        var source = NpmSource.Classify(range, urlsAreRegistry: false);
        if (source == PackageSource.Registry && entry.Resolved is not null)
        {
            source = NpmSource.Classify(entry.Resolved, urlsAreRegistry: true);
        }
        packages.Add(new DeclaredPackage
        {
            Ecosystem = Ecosystems.Npm,
            Name = name,
            Version = entry.Version,
            File = file,
            Line = entry.VersionLine,
            Column = entry.VersionColumn,
            Scope = scope,
            IsDevelopment = isDevelopment,
            Source = source,
            SourceUrl = source == PackageSource.Registry ? null : entry.Resolved ?? range,
            HashCount = entry.HasIntegrity ? 1 : 0,
        });
    }
}
