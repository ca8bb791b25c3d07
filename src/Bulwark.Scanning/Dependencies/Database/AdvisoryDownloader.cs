namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>Downloads an archive to a file, bounded in size, so a mirror or osv.dev can feed an update.</summary>
internal sealed class AdvisoryDownloader(HttpClient http)
{
    /// <summary>The largest archive accepted (osv.dev's largest ecosystem archive is far below this).</summary>
    public const long MaxArchiveBytes = 4L << 30;

    /// <summary>Writes the body of <paramref name="url"/> to <paramref name="destination"/>; throws <see cref="AdvisoryDatabaseException"/> on failure.</summary>
    public async Task DownloadAsync(Uri url, string destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new AdvisoryDatabaseException($"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}; the current database is unchanged");
            }
            if (response.Content.Headers.ContentLength > MaxArchiveBytes)
            {
                throw new AdvisoryDatabaseException($"{url}: larger than {MaxArchiveBytes:N0} bytes; refusing to download");
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > MaxArchiveBytes)
                {
                    throw new AdvisoryDatabaseException($"{url}: larger than {MaxArchiveBytes:N0} bytes; refusing to download");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                progress?.Report(total);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new AdvisoryDatabaseException($"{url}: download failed ({ex.Message}); the current database is unchanged", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdvisoryDatabaseException($"{url}: download timed out; the current database is unchanged", ex);
        }
    }
}
