using Bulwark.Scanning.Dependencies.Advisories;

namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>
/// Builds a new advisory index from OSV archives (downloaded or local) and swaps it in atomically: the new
/// index is written beside the old one and renamed over it only when complete, so an interrupted or failed
/// update leaves the previous database usable. Each ecosystem's advisories come from the newest import that
/// contained that ecosystem; the others are carried over from the previous index.
/// </summary>
internal sealed class AdvisoryDatabaseUpdater(TimeProvider time, AdvisoryDownloader? downloader)
{
    /// <summary>osv.dev's bucket of per-ecosystem archives: <c>{base}/{ecosystem}/all.zip</c>.</summary>
    public const string DefaultBaseUrl = "https://osv-vulnerabilities.storage.googleapis.com";

    /// <summary>The archives to fetch when no source is given: one per audited ecosystem.</summary>
    public static IReadOnlyList<string> DefaultSources(string baseUrl) =>
        [.. Ecosystems.All.Select(e => $"{baseUrl.TrimEnd('/')}/{Uri.EscapeDataString(e)}/all.zip")];

    public async Task<DatabaseUpdateResult> UpdateAsync(string dataDirectory, IReadOnlyList<string> sources, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var folder = IndexFormat.Folder(dataDirectory);
        Directory.CreateDirectory(folder);
        using var updateLock = AcquireLock(folder);
        var downloads = new List<string>();
        var temporary = Path.Combine(folder, $"{IndexFormat.FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var archives = new List<(string Path, string Source, bool Downloaded)>();
            foreach (var source in sources)
            {
                if (TryHttpUrl(source) is { } url)
                {
                    var file = Path.Combine(folder, $"download-{Guid.NewGuid():N}.zip.partial");
                    downloads.Add(file);
                    progress?.Report($"downloading {url}");
                    var client = downloader ?? throw new AdvisoryDatabaseException($"{source}: downloads are not available here");
                    await client.DownloadAsync(url, file, null, cancellationToken).ConfigureAwait(false);
                    archives.Add((file, source, true));
                }
                else
                {
                    archives.Add((Path.GetFullPath(source), source, false));
                }
            }

            using var previous = OpenPrevious(dataDirectory, out var warning);
            var build = new IndexBuild(time.GetUtcNow());
            using (var writer = new AdvisoryIndexWriter(temporary))
            {
                foreach (var (path, source, downloaded) in archives)
                {
                    progress?.Report($"importing {source}");
                    build.Import(writer, path, source, downloaded, cancellationToken);
                }
                if (build.Imported == 0)
                {
                    throw new AdvisoryDatabaseException($"{string.Join(", ", sources)}: no OSV advisory of an audited ecosystem found; the current database is unchanged");
                }
                if (previous is not null)
                {
                    build.CarryOver(writer, previous, cancellationToken);
                }
                writer.Complete(build.Info());
            }
            previous?.Dispose();
            File.Move(temporary, IndexFormat.PathIn(dataDirectory), overwrite: true);
            return build.Result(warning);
        }
        finally
        {
            File.Delete(temporary);
            foreach (var download in downloads)
            {
                File.Delete(download);
            }
        }
    }

    private static AdvisoryIndex? OpenPrevious(string dataDirectory, out string? warning)
    {
        warning = null;
        try
        {
            return AdvisoryIndex.TryOpen(IndexFormat.PathIn(dataDirectory));
        }
        catch (AdvisoryDatabaseException ex)
        {
            // A damaged index is replaced, but what it held for other ecosystems is lost: say so.
            warning = $"the previous index could not be read and was replaced ({ex.Message})";
            return null;
        }
    }

    private static Uri? TryHttpUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    private static FileStream AcquireLock(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, "update.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new AdvisoryDatabaseException($"{folder}: another database update is running", ex);
        }
    }
}
