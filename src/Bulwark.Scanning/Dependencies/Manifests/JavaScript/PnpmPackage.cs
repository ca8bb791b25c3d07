using YamlDotNet.RepresentationModel;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>Reads one entry of a pnpm lockfile's <c>packages</c> map.</summary>
internal static class PnpmPackage
{
    /// <summary>
    /// The package a key and entry describe (position and scope left for the caller), or null when neither
    /// the key nor the entry's <c>name</c>/<c>version</c> fields give a name and version.
    /// </summary>
    public static DeclaredPackage? Read(string key, YamlMappingNode entry, bool slashKeys)
    {
        var (source, sourceUrl, hashCount) = SourceOf(entry);
        string? name;
        string? version;
        if (TrySplitKey(key, slashKeys, out var keyName, out var keyVersion) && keyVersion.Length > 0 && char.IsAsciiDigit(keyVersion[0]))
        {
            (name, version) = (keyName, keyVersion);
        }
        else
        {
            // Git, tarball and folder packages: the key is a URL or path; the entry names the package.
            name = YamlManifest.Scalar(entry, "name")?.Value ?? (keyName.Length > 0 ? keyName : null);
            version = YamlManifest.Scalar(entry, "version")?.Value;
            if (source == PackageSource.Registry)
            {
                source = PackageSource.Url;
                sourceUrl = key;
            }
        }
        if (string.IsNullOrEmpty(name) || (version is null && source == PackageSource.Registry))
        {
            return null;
        }
        return new DeclaredPackage
        {
            Ecosystem = Ecosystems.Npm,
            Name = name,
            Version = version,
            File = "",
            IsDevelopment = YamlManifest.Scalar(entry, "dev")?.Value == "true",
            Source = source,
            SourceUrl = sourceUrl,
            HashCount = hashCount,
        };
    }

    /// <summary>Removes a peer-dependency suffix: <c>_react@18.2.0</c> (lockfile 5) or <c>(react@18.2.0)</c> (6+).</summary>
    public static string StripPeerSuffix(string version, bool slashKeys)
    {
        var cut = slashKeys ? version.IndexOfAny(['_', '(']) : version.IndexOf('(', StringComparison.Ordinal);
        return cut < 0 ? version : version[..cut];
    }

    private static bool TrySplitKey(string key, bool slashKeys, out string name, out string version)
    {
        (name, version) = ("", "");
        var text = key.StartsWith('/') ? key[1..] : key;
        if (slashKeys && !key.StartsWith('/'))
        {
            return false;
        }
        var separator = slashKeys ? '/' : '@';
        var nameStart = text.StartsWith('@') ? text.IndexOf('/', StringComparison.Ordinal) + 1 : 0;
        if (nameStart < 0 || (text.StartsWith('@') && nameStart == 0))
        {
            return false;
        }
        var cut = text.IndexOf(separator, Math.Max(nameStart, 1));
        if (cut <= 0)
        {
            return false;
        }
        (name, version) = (text[..cut], StripPeerSuffix(text[(cut + 1)..], slashKeys));
        return true;
    }

    private static (PackageSource Source, string? Url, int HashCount) SourceOf(YamlMappingNode entry)
    {
        if (YamlManifest.Mapping(entry, "resolution") is not { } resolution)
        {
            return (PackageSource.Registry, null, 0);
        }
        var hashCount = YamlManifest.Scalar(resolution, "integrity") is { Value.Length: > 0 } ? 1 : 0;
        if (YamlManifest.Scalar(resolution, "repo")?.Value is { } repo)
        {
            return (PackageSource.Vcs, repo, hashCount);
        }
        if (YamlManifest.Scalar(resolution, "directory")?.Value is { } directory)
        {
            return (PackageSource.Path, directory, hashCount);
        }
        return YamlManifest.Scalar(resolution, "tarball")?.Value is { } tarball && hashCount == 0
            ? (NpmSource.Classify(tarball, urlsAreRegistry: false), tarball, 0)
            : (PackageSource.Registry, null, hashCount);
    }
}
