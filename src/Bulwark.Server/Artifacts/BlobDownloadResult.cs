using Bulwark.Integrity.Encryption;
using Bulwark.Server.Blobs;
using Bulwark.Server.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Bulwark.Server.Artifacts;

/// <summary>
/// Streams a blob as the response body with its length and digest in headers (<c>X-Bulwark-Sha256</c> as hex, and
/// <c>Repr-Digest</c> per RFC 9530). A blob whose start is damaged or missing answers 500 before anything is sent;
/// damage found later aborts the connection, so the client sees a short body (fewer bytes than Content-Length) or a
/// reset instead of a complete transfer. Clients should compare the digest header with what they received.
/// </summary>
internal sealed class BlobDownloadResult(string sha256, long length, string contentType, string? fileName) : IResult
{
    public const string DigestHeader = "X-Bulwark-Sha256";

    public async Task ExecuteAsync(HttpContext http)
    {
        var logger = Logger(http);
        Stream content;
        try
        {
            content = await http.RequestServices.GetRequiredService<BlobStore>().OpenReadAsync(sha256, http.RequestAborted);
        }
        catch (Exception ex) when (ex is BlobNotFoundException or BlobCorruptException)
        {
            await UnreadableAsync(http, logger, ex);
            return;
        }
        await using (content)
        {
            var response = http.Response;
            response.ContentType = contentType;
            response.ContentLength = length;
            response.Headers[DigestHeader] = sha256;
            response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:";
            if (fileName is not null)
            {
                var disposition = new ContentDispositionHeaderValue("attachment");
                disposition.SetHttpFileName(fileName);
                response.Headers.ContentDisposition = disposition.ToString();
            }
            try
            {
                await content.CopyToAsync(response.Body, SegmentedAead.SegmentSize, http.RequestAborted);
            }
            catch (BlobCorruptException ex) when (!response.HasStarted)
            {
                response.ContentLength = null;
                foreach (var header in new[] { DigestHeader, "Repr-Digest", HeaderNames.ContentDisposition })
                {
                    response.Headers.Remove(header);
                }
                await UnreadableAsync(http, logger, ex);
            }
            catch (BlobCorruptException ex)
            {
                ArtifactLog.DamagedMidway(logger, sha256, ex.Message);
                http.Abort();
            }
        }
    }

    public static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BlobDownloadResult).Namespace!);

    private Task UnreadableAsync(HttpContext http, ILogger logger, Exception ex) => Unreadable(logger, sha256, ex).ExecuteAsync(http);

    /// <summary>Logs why a stored blob could not be served and answers 500 with a problem that names only its digest.</summary>
    public static IResult Unreadable(ILogger logger, string sha256, Exception ex)
    {
        ArtifactLog.Unreadable(logger, sha256, ex.Message);
        return Problems.Result(StatusCodes.Status500InternalServerError, "stored content unreadable",
            $"the stored content with sha256 {sha256} is missing or damaged on the server; an operator must restore it");
    }
}
