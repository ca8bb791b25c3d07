using Bulwark.Runner.Remote;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Runners;

/// <summary>
/// Remote runners' lifecycle: administrators make one-time registration tokens; a runner registers with one (the
/// token is consumed by a conditional update in the same transaction as the new runner and its audit entry) and gets
/// a long-lived credential; administrators list and disable runners (the API then takes the disabled runner's leases back).
/// </summary>
internal sealed class RunnerRegistry(BulwarkDbContext db, AuditLog audit, TimeProvider time)
{
    public const int DefaultTokenMinutes = 60;
    public const int MaxTokenMinutes = 7 * 24 * 60;
    public const int MaxNameLength = 64;
    public const int MaxLabels = 32;
    public const int MaxLabelLength = 64;

    /// <summary>Unused, unexpired registration tokens at once, so a leaked admin token cannot mint without end.</summary>
    public const int MaxLiveTokens = 100;

    /// <param name="actor">Who asks, as an audit event (its action is replaced); its details are kept.</param>
    public async Task<Outcome<RegistrationTokenResponse>> CreateRegistrationTokenAsync(AuditEvent actor, int? expiresInMinutes, CancellationToken cancellationToken)
    {
        var minutes = expiresInMinutes ?? DefaultTokenMinutes;
        if (minutes is < 1 or > MaxTokenMinutes)
        {
            return Failure.BadRequest($"expiresInMinutes must be 1-{MaxTokenMinutes}", "expiresInMinutes");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (await db.RunnerRegistrationTokens.CountAsync(t => t.UsedAt == null && t.ExpiresAt > now, cancellationToken) >= MaxLiveTokens)
        {
            return Failure.Conflict($"{MaxLiveTokens} unused registration tokens are live already; let some expire or use them first");
        }
        var (id, plaintext, hash) = RunnerSecrets.Issue(RunnerSecrets.RegistrationPrefix);
        var token = new RunnerRegistrationToken
        {
            Id = id,
            SecretHash = hash,
            CreatedBy = actor.ActorName ?? "unknown",
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(minutes),
        };
        db.RunnerRegistrationTokens.Add(token);
        await audit.AppendAsync(db, actor with
        {
            Action = AuditActions.RunnerRegistrationTokenCreated,
            Target = "runner-registration:" + id,
            Details = With(actor.Details, ("expiresAt", token.ExpiresAt.ToString("O"))),
        }, cancellationToken);
        return new RegistrationTokenResponse(id, plaintext, token.ExpiresAt);
    }

    /// <summary>Registers a runner with the (already authenticated) registration token <paramref name="tokenId"/>, consuming it.</summary>
    public async Task<Outcome<RunnerRegistered>> RegisterAsync(string tokenId, RunnerRegistration request, string? sourceIp, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        if (!IsName(name))
        {
            return Failure.BadRequest($"name must be 1-{MaxNameLength} letters, digits, '.', '_' or '-'", "name");
        }
        var labels = (request.Labels ?? []).Select(l => l?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (labels.Count > MaxLabels || labels.Any(l => !IsLabel(l)))
        {
            return Failure.BadRequest($"labels must be at most {MaxLabels}, each 1-{MaxLabelLength} letters, digits, '.', '_' or '-'", "labels");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var (id, credential, hash) = RunnerSecrets.Issue(RunnerSecrets.CredentialPrefix);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The conditional update is the one-time guarantee: of two runners racing with one token, one changes the row.
        var consumed = await db.RunnerRegistrationTokens.Where(t => t.Id == tokenId && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now).SetProperty(t => t.RunnerId, id), cancellationToken);
        if (consumed == 0)
        {
            return Failure.Conflict("this registration token has been used or has expired; ask an administrator for a new one");
        }
        var createdBy = await db.RunnerRegistrationTokens.Where(t => t.Id == tokenId).Select(t => t.CreatedBy).FirstAsync(cancellationToken);
        db.Runners.Add(new RegisteredRunner
        {
            Id = id,
            Name = name,
            Labels = string.Join(',', labels),
            CredentialHash = hash,
            CreatedAt = now,
            RegistrationTokenId = tokenId,
            LastSeenAt = now,
            LastSeenFrom = sourceIp,
        });
        await audit.AppendAsync(db, new AuditEvent(AuditActions.RunnerRegistered)
        {
            ActorName = "runner:" + name,
            SourceIp = sourceIp,
            Target = "runner:" + id,
            Details = new Dictionary<string, string?>
            {
                ["name"] = name, ["labels"] = string.Join(',', labels), ["registrationToken"] = tokenId, ["tokenCreatedBy"] = createdBy,
            },
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RunnerRegistered(id, name, labels, credential);
    }

    public async Task<RunnerResponse[]> ListAsync(CancellationToken cancellationToken)
    {
        var runners = await db.Runners.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        var holders = runners.Select(r => r.LeaseHolder).ToList();
        var running = await db.RunJobs.AsNoTracking().Where(j => j.Status == JobStatus.Running && j.LeasedBy != null && holders.Contains(j.LeasedBy))
            .GroupBy(j => j.LeasedBy!).Select(g => new { Holder = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Holder, g => g.Count, cancellationToken);
        return runners.Select(r => Describe(r, running.GetValueOrDefault(r.LeaseHolder))).ToArray();
    }

    /// <summary>Disables a runner: it cannot authenticate any more (the caller then takes back the jobs it held).</summary>
    public async Task<Outcome<RunnerResponse>> DisableAsync(AuditEvent actor, string runnerId, CancellationToken cancellationToken)
    {
        var runner = runnerId.Length <= 32 ? await db.Runners.FirstOrDefaultAsync(r => r.Id == runnerId, cancellationToken) : null;
        if (runner is null)
        {
            return Failure.NotFound("no such runner");
        }
        if (runner.DisabledAt is null)
        {
            runner.DisabledAt = time.GetUtcNow().UtcDateTime;
            runner.DisabledBy = actor.ActorName;
            await audit.AppendAsync(db, actor with
            {
                Action = AuditActions.RunnerDisabled,
                Target = "runner:" + runner.Id,
                Details = With(actor.Details, ("name", runner.Name)),
            }, cancellationToken);
        }
        return Describe(runner, 0);
    }

    public static bool IsName(string name) => name.Length is > 0 and <= MaxNameLength && name.All(IsNameCharacter);

    public static bool IsLabel(string label) => label.Length is > 0 and <= MaxLabelLength && label.All(IsNameCharacter);

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> details, params (string Key, string? Value)[] more)
    {
        var merged = new Dictionary<string, string?>(details);
        foreach (var (key, value) in more)
        {
            merged[key] = value;
        }
        return merged;
    }

    private static RunnerResponse Describe(RegisteredRunner r, int running) =>
        new(r.Id, r.Name, r.LabelList, r.CreatedAt, r.LastSeenAt, r.LastSeenFrom, r.DisabledAt, r.DisabledBy, running);
}
