namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// Referenced documents of a local OpenAPI document: only regular files in the document's folder or below it.
/// Absolute paths and URLs are refused, <c>..</c> that climbs out of the folder is refused, and symbolic links are
/// resolved component by component so that none leads outside; the file read is the one checked.
/// </summary>
internal sealed class OpenApiFolderSource : IOpenApiRefSource
{
    private const int MaxLinks = 40;

    private readonly string _folder;
    private readonly string? _realFolder;

    /// <param name="folder">The folder of the document given to the scan.</param>
    public OpenApiFolderSource(string folder)
    {
        _folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        _realFolder = RealPath(_folder);
    }

    public async Task<OpenApiRefFetch> FetchAsync(string reference, Uri document, CancellationToken cancellationToken)
    {
        var (part, _) = OpenApiPointer.Split(reference);
        if (part.StartsWith('/') || part.StartsWith('\\') || part.StartsWith('~') || Uri.TryCreate(part, UriKind.Absolute, out _) || !document.IsFile)
        {
            return OpenApiRefFetch.Refused("absolute paths and URLs are not followed from a local document (only files in its folder)");
        }
        var full = Path.GetFullPath(document.LocalPath);
        if (!Inside(full, _folder))
        {
            return OpenApiRefFetch.Refused("outside the document's folder");
        }
        if (_realFolder is null || RealPath(full) is not { } real)
        {
            return OpenApiRefFetch.Refused("cannot resolve the path (too many symbolic links?)");
        }
        if (!Inside(real, _realFolder))
        {
            return OpenApiRefFetch.Refused("a symbolic link leads outside the document's folder");
        }
        try
        {
            var info = new FileInfo(real);
            if (!info.Exists)
            {
                return OpenApiRefFetch.Refused(Directory.Exists(real) ? "a folder, not a file" : "no such file");
            }
            if (info.Length > OpenApiReader.MaxDocumentChars)
            {
                return OpenApiRefFetch.Refused($"larger than {OpenApiReader.MaxDocumentChars / 1_000_000} MB");
            }
            using var reader = new StreamReader(real, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite });
            // Bounded read: a file that grows while read (or a device that never ends) stops at the limit.
            var buffer = new char[(int)Math.Min(info.Length + 1, OpenApiReader.MaxDocumentChars + 1)];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
            return length > OpenApiReader.MaxDocumentChars
                ? OpenApiRefFetch.Refused($"larger than {OpenApiReader.MaxDocumentChars / 1_000_000} MB")
                : new OpenApiRefFetch(new string(buffer, 0, length), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OpenApiRefFetch.Refused($"cannot read ({ex.GetType().Name})");
        }
    }

    /// <summary>A file's <c>file:</c> URI with every path segment escaped, so <c>#</c>, <c>?</c> and <c>%</c> in names stay part of the path.</summary>
    public static Uri Location(string path) =>
        new(Uri.UriSchemeFile + "://" + string.Join('/', Path.GetFullPath(path).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));

    private static bool Inside(string path, string folder) =>
        path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link resolved, like realpath(3); null on a link loop or too many links.</summary>
    internal static string? RealPath(string path)
    {
        var current = Path.GetFullPath(path);
        for (var links = 0; links <= MaxLinks; links++)
        {
            var parts = current.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var resolved = Path.GetPathRoot(current) ?? "/";
            string? restart = null;
            for (var i = 0; i < parts.Length && restart is null; i++)
            {
                var next = Path.Join(resolved, parts[i]);
                if (new FileInfo(next).LinkTarget is { } target)
                {
                    // A relative target is relative to the link's folder; what follows the link is appended to it.
                    restart = Path.GetFullPath(Path.Join(Path.GetFullPath(target, resolved), string.Join(Path.DirectorySeparatorChar, parts[(i + 1)..])));
                }
                else
                {
                    resolved = next;
                }
            }
            if (restart is null)
            {
                return resolved;
            }
            current = restart;
        }
        return null;
    }
}
