using Bulwark.Server.Access;
using Bulwark.Server.Blobs;
using Bulwark.Server.Operations;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Artifacts;

/// <summary>
/// A run's artifacts and provenance: <c>/runs/{runId}/artifacts</c> (list), <c>/runs/{runId}/artifacts/{job}/{**path}</c>
/// (download), <c>/runs/{runId}/provenance</c> (the signed Sigstore bundle) for viewers of the run's project, and
/// <c>/provenance-key</c> (the server's public signing key) for anyone signed in.
/// </summary>
internal static class ArtifactsApi
{
    public const string PemContentType = "application/x-pem-file";

    public static RouteGroupBuilder MapArtifactsApi(this RouteGroupBuilder api)
    {
        var run = api.MapGroup("/runs/{runId}").WithTags("Artifacts");
        run.MapGet("/artifacts", ListAsync).RequireRunPermission(Permission.ProjectRead).Produces<ArtifactResponse[]>();
        run.MapGet("/artifacts/{job}/{**path}", DownloadAsync).RequireRunPermission(Permission.ProjectRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        run.MapGet("/provenance", ProvenanceAsync).RequireRunPermission(Permission.ProjectRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        api.MapGet("/provenance-key", PublicKey).RequirePermission(Permission.SignedIn).WithTags("Artifacts")
            .Produces<string>(StatusCodes.Status200OK, PemContentType);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, BulwarkDbContext db, CancellationToken cancellationToken)
    {
        if (await FindRunAsync(http, db, cancellationToken) is not { } runId)
        {
            return NoRun();
        }
        return TypedResults.Ok(await ArtifactListing.ForRunAsync(db, runId, cancellationToken));
    }

    private static async Task<IResult> DownloadAsync(string job, string path, HttpContext http, BulwarkDbContext db, CancellationToken cancellationToken)
    {
        if (await FindRunAsync(http, db, cancellationToken) is not { } runId)
        {
            return NoRun();
        }
        var artifact = await db.RunArtifacts.AsNoTracking().Where(a => a.RunId == runId && a.Path == path)
            .Join(db.RunJobs.Where(j => j.Name == job), a => a.JobId, j => j.Id, (a, _) => new { a.Sha256, a.Length })
            .FirstOrDefaultAsync(cancellationToken);
        return artifact is null
            ? Problems.NotFound($"job '{job}' of this run has no artifact '{path}'")
            : new BlobDownloadResult(artifact.Sha256, artifact.Length, "application/octet-stream", path[(path.LastIndexOf('/') + 1)..]);
    }

    private static async Task<IResult> ProvenanceAsync(HttpContext http, BulwarkDbContext db, BlobStore blobs, CancellationToken cancellationToken)
    {
        if (await FindRunAsync(http, db, cancellationToken) is not { } runId)
        {
            return NoRun();
        }
        var digest = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.ProvenanceSha256).FirstOrDefaultAsync(cancellationToken);
        if (digest is null)
        {
            return Problems.NotFound("this run has no provenance: it has not finished, or it uploaded no artifacts");
        }
        // A bundle is small (kilobytes per artifact): read whole, so damage answers 500 instead of a cut-off body.
        using var bundle = new MemoryStream();
        try
        {
            await blobs.CopyToAsync(digest, bundle, cancellationToken);
        }
        catch (Exception ex) when (ex is BlobNotFoundException or BlobCorruptException)
        {
            return BlobDownloadResult.Unreadable(BlobDownloadResult.Logger(http), digest, ex);
        }
        http.Response.Headers[BlobDownloadResult.DigestHeader] = digest;
        return TypedResults.Bytes(bundle.ToArray(), "application/json");
    }

    private static IResult PublicKey(ProvenanceKey key) => TypedResults.Text(key.PublicKeyPem(), PemContentType);

    private static async Task<Guid?> FindRunAsync(HttpContext http, BulwarkDbContext db, CancellationToken cancellationToken) =>
        RunRoutes.RunId(http) is { } id && await db.Runs.AsNoTracking().AnyAsync(r => r.Id == id, cancellationToken) ? id : null;

    private static IResult NoRun() => Problems.NotFound("no such run");
}
