using Bulwark.Core.Limits;

namespace Bulwark.Scanning.Dependencies.Manifests;

/// <summary>
/// A manifest to parse: where the audited root is, the file relative to it, and the limits for untrusted
/// input. Parsers read files only through <see cref="ReadText"/> so every read is bounded and stays inside
/// the root.
/// </summary>
internal sealed record ManifestInput(string Root, string RelativePath, InputLimits Limits)
{
    public string FullPath => System.IO.Path.Combine(Root, RelativePath);

    /// <summary>
    /// Reads a file under <see cref="Root"/> as UTF-8 (BOM stripped). Throws <see cref="ManifestReadException"/>
    /// when it is larger than <see cref="InputLimits.MaxFileBytes"/>, outside the root, or unreadable.
    /// </summary>
    public string ReadText(string relativePath)
    {
        var rootFull = System.IO.Path.GetFullPath(Root);
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(rootFull, relativePath));
        var rootPrefix = rootFull.EndsWith(System.IO.Path.DirectorySeparatorChar) ? rootFull : rootFull + System.IO.Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootPrefix, StringComparison.Ordinal))
        {
            throw new ManifestReadException($"{relativePath}: outside the audited folder");
        }
        try
        {
            var info = new FileInfo(full);
            if (info.Length > Limits.MaxFileBytes)
            {
                throw new ManifestReadException($"{relativePath}: larger than the {Limits.MaxFileBytes:N0}-byte limit");
            }
            return File.ReadAllText(full, System.Text.Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManifestReadException($"{relativePath}: cannot read ({ex.Message})");
        }
    }

    /// <summary>The text of <see cref="RelativePath"/> itself.</summary>
    public string ReadText() => ReadText(RelativePath);
}

/// <summary>A manifest file could not be read (size, location or I/O); the message names the file.</summary>
internal sealed class ManifestReadException(string message) : Exception(message);
