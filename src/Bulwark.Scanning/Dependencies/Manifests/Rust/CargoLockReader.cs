namespace Bulwark.Scanning.Dependencies.Manifests.Rust;

/// <summary>
/// Reads the TOML subset Cargo writes into Cargo.lock (all format versions): table headers, <c>key = value</c>
/// lines with string, integer or string-array values (arrays may span lines), and v1's <c>[metadata]</c>
/// checksums. Anything else is reported with its position and skipped.
/// </summary>
internal sealed class CargoLockReader(string file, List<ManifestError> errors)
{
    public List<CargoPackage> Packages { get; } = [];

    /// <summary>Version 1 checksums: <c>"checksum name version (source)"</c> keys of <c>[metadata]</c>.</summary>
    public HashSet<string> MetadataChecksums { get; } = new(StringComparer.Ordinal);

    public void Read(string text, CancellationToken cancellationToken)
    {
        CargoPackage? package = null;
        var inMetadata = false;
        List<string>? openArray = null;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if ((lineNumber & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var line = rawLine.Trim();
            if (openArray is not null)
            {
                openArray = TomlLine.ReadArrayItems(line, openArray, out var closed, out var arrayError) && !closed ? openArray : null;
                AddError(arrayError, lineNumber, rawLine);
                continue;
            }
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            if (line[0] == '[')
            {
                package = line.SequenceEqual("[[package]]") ? new CargoPackage(lineNumber) : null;
                if (package is not null)
                {
                    Packages.Add(package);
                }
                inMetadata = line.SequenceEqual("[metadata]");
                continue;
            }
            if (!TomlLine.TrySplitKeyValue(line, out var key, out var valueOffset, out var problem))
            {
                AddError(problem, lineNumber, rawLine);
                continue;
            }
            var value = line[valueOffset..];
            var column = rawLine.Length - rawLine.TrimStart().Length + valueOffset + 1;
            if (value.StartsWith("["))
            {
                var items = package is not null && key == "dependencies" ? package.Dependencies : [];
                openArray = TomlLine.ReadArrayItems(value[1..], items, out var closed, out var arrayError) && !closed ? items : null;
                AddError(arrayError, lineNumber, rawLine);
                continue;
            }
            if (!TomlLine.TryReadScalar(value, out var scalar))
            {
                errors.Add(new ManifestError(file, lineNumber, column, $"cannot read the value of '{key}'"));
                continue;
            }
            if (inMetadata && key.StartsWith("checksum ", StringComparison.Ordinal))
            {
                MetadataChecksums.Add(key);
            }
            else if (package is not null)
            {
                Assign(package, key, scalar, lineNumber, column);
            }
        }
    }

    private static void Assign(CargoPackage package, string key, string value, int line, int column)
    {
        switch (key)
        {
            case "name":
                package.Name = value;
                break;
            case "version":
                (package.Version, package.VersionLine, package.VersionColumn) = (value, line, column);
                break;
            case "source":
                package.Source = value;
                break;
            case "checksum":
                package.Checksum = value;
                break;
        }
    }

    private void AddError(string? problem, int lineNumber, ReadOnlySpan<char> rawLine)
    {
        if (problem is not null)
        {
            errors.Add(new ManifestError(file, lineNumber, rawLine.Length - rawLine.TrimStart().Length + 1, problem));
        }
    }
}
