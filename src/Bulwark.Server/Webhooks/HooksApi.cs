using Bulwark.Server.Audit;
using Bulwark.Server.Operations;
using Bulwark.Server.Pipelines;
using Bulwark.Server.Projects;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Webhooks;

/// <summary>
/// <c>POST /api/v1/hooks/{github|gitlab|gitea}/{project}</c>: no session or token — the Git host's signature over
/// the body, checked in constant time with the project's webhook secret, is the authentication. Then the delivery
/// id must be new (a replay is refused), and push, tag and pull-request events start runs; every other event is
/// acknowledged (202) and ignored. An unknown project and a bad signature get the same answer.
/// </summary>
internal static class HooksApi
{
    /// <summary>Git hosts send large push payloads (GitHub caps them at 25 MB); this is enough for thousands of commits.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    public static RouteGroupBuilder MapHooksApi(this RouteGroupBuilder api)
    {
        api.MapPost("/hooks/{provider}/{project}", ReceiveAsync).AllowAnonymous().WithTags("Webhooks")
            .Produces(StatusCodes.Status201Created).Produces(StatusCodes.Status202Accepted);
        return api;
    }

    private static async Task<IResult> ReceiveAsync(string provider, string project, HttpContext http, BulwarkDbContext db,
        WebhookSecrets secrets, AuditLog audit, Audit.AuditThrottle throttle, PipelineTriggering triggering, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        if (!WebhookProviders.TryParse(provider, out var host))
        {
            return Problems.NotFound("webhooks are accepted for github, gitlab and gitea");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        var body = await ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return Problems.Result(StatusCodes.Status413PayloadTooLarge, "payload-too-large", $"webhook bodies are limited to {MaxBodyBytes} bytes");
        }
        var target = await db.Projects.FirstOrDefaultAsync(p => p.Name == project && p.ArchivedAt == null, cancellationToken);
        var secret = target is null ? null : secrets.Decrypt(target.Id, target.WebhookSecretCiphertext);
        if (target is null || secret is null || !WebhookSignature.IsValid(host, http.Request.Headers, body, secret))
        {
            if (target is not null && throttle.ShouldRecord("webhook:" + target.Id))
            {
                await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.WebhookRejected, $"project:{target.Name}", succeeded: false,
                    details: new Dictionary<string, string?> { ["provider"] = host.Segment(), ["reason"] = "invalid signature" }), cancellationToken);
            }
            return Problems.Result(StatusCodes.Status401Unauthorized, "invalid-signature", "the webhook signature is missing or does not match this project's webhook secret");
        }
        WebhookDelivery delivery;
        RepositoryEvent repositoryEvent;
        try
        {
            delivery = WebhookDelivery.Read(host, WebhookHeaders.From(http.Request.Headers));
            repositoryEvent = WebhookPayloadParser.Parse(host, delivery.Event, body);
        }
        catch (WebhookPayloadException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
        var keys = ReplayKeys(host, delivery.Id, body);
        if (!await RecordDeliveryAsync(db, keys, target.Id, time, cancellationToken))
        {
            return Problems.Conflict("this delivery (its id or its exact body) was already received; replays are refused");
        }
        if (ToTrigger(host, repositoryEvent) is not { } trigger)
        {
            return TypedResults.Accepted((string?)null, new { status = "ignored", reason = repositoryEvent.IgnoredReason ?? "this event starts no pipeline" });
        }
        RunCreation creation;
        try
        {
            creation = await triggering.TriggerAsync(target, trigger, cancellationToken);
        }
        catch
        {
            // Nothing was started: let the host's retry of this delivery through.
            foreach (var (keyProvider, keyId) in keys)
            {
                await db.ReceivedDeliveries.Where(d => d.Provider == keyProvider && d.DeliveryId == keyId).ExecuteDeleteAsync(CancellationToken.None);
            }
            throw;
        }
        return creation.Run is { } run
            ? TypedResults.Created($"/api/v1/runs/{run.Id}", new { status = "created", runId = run.Id, number = run.Number, runStatus = run.Status })
            : TypedResults.Accepted((string?)null, new { status = "not-triggered", reason = creation.NotTriggeredBecause });
    }

    /// <summary>The body, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// What identifies a delivery for replay refusal: the host's delivery id and the body's SHA-256. The id header is
    /// not covered by the signature, so a captured request resent with a fresh id must still be recognised by its
    /// signed body (hosts never send two different events with identical bodies; a redelivery keeps its id).
    /// </summary>
    private static List<(string Provider, string Id)> ReplayKeys(WebhookProvider host, string? deliveryId, byte[] body)
    {
        var keys = new List<(string, string)> { (host.Segment() + "#body", Convert.ToHexStringLower(SHA256.HashData(body))) };
        if (deliveryId is not null)
        {
            keys.Add((host.Segment(), deliveryId));
        }
        return keys;
    }

    /// <summary>Stores the replay keys; false when one was stored before (a replay, or the host retrying a delivery we took).</summary>
    private static async Task<bool> RecordDeliveryAsync(BulwarkDbContext db, List<(string Provider, string Id)> keys, Guid projectId, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = keys.Select(k => new ReceivedDelivery { Provider = k.Provider, DeliveryId = k.Id, ProjectId = projectId, ReceivedAt = now }).ToList();
        db.ReceivedDeliveries.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            foreach (var row in rows)
            {
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    private static RunTrigger? ToTrigger(WebhookProvider host, RepositoryEvent e)
    {
        var sender = $"{host.Segment()}:{e.Sender ?? "unknown"}";
        return e.Kind switch
        {
            RepositoryEventKind.Push => new RunTrigger(RunTrigger.Push, e.Ref!, e.Commit!, sender),
            RepositoryEventKind.Tag => new RunTrigger(RunTrigger.Tag, e.Ref!, e.Commit!, sender),
            RepositoryEventKind.PullRequest => new RunTrigger(RunTrigger.PullRequestEvent, e.Ref!, e.Commit!, sender, e.FromFork, e.PullRequest, e.BaseBranch),
            _ => null,
        };
    }
}
