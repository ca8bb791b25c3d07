using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Server.Audit;
using Bulwark.Server.Secrets.External;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Secrets;

/// <summary>
/// The only path by which a value leaves the store: the secrets a job may have (organisation, project and the
/// job's environment; the narrowest scope wins a name, and its rules decide — a narrower secret that excludes
/// the job hides the wider one rather than letting it through). Each decrypted value is audited as
/// <c>secret.read</c> with run, job and step, all entries in one transaction. A value stored as a reference
/// (<c>vault://mount/path#key</c>) is fetched from its provider here; a provider failure fails the whole call.
/// </summary>
internal sealed class SecretAccess(BulwarkDbContext db, AuditLog audit, SecretKeyRing keys, SecretProviders providers)
{
    private const int MaxField = 200;

    public async Task<IReadOnlyList<JobSecret>> ResolveForJobAsync(JobSecretRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        if (SecretRuleCheck.IsUnapprovedFork(request))
        {
            return [];
        }
        var projectId = await db.Projects.AsNoTracking().Where(p => p.Name == request.Project && p.ArchivedAt == null)
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (projectId is not { } id)
        {
            return [];
        }
        var environment = request.Environment ?? "";
        var candidates = await (
            from s in db.Secrets.AsNoTracking()
            where s.Scope == SecretScope.Organization
                  || (s.ProjectId == id && (s.Scope == SecretScope.Project || (s.Scope == SecretScope.Environment && s.Environment == environment && environment != "")))
            join v in db.SecretVersions.AsNoTracking() on new { SecretId = s.Id, s.CurrentVersion } equals new { v.SecretId, CurrentVersion = v.Version }
            select new { Secret = s, Row = v }).ToListAsync(cancellationToken);
        var granted = candidates
            .GroupBy(c => c.Secret.Name, StringComparer.Ordinal)
            .Where(g => request.Names is null || request.Names.Contains(g.Key, StringComparer.Ordinal))
            .Select(g => g.MaxBy(c => c.Secret.Scope)!)
            .Where(c => SecretRuleCheck.Allows(c.Secret, request))
            .OrderBy(c => c.Secret.Name, StringComparer.Ordinal)
            .ToList();
        var result = new List<JobSecret>(granted.Count);
        foreach (var item in granted)
        {
            result.Add(new JobSecret(item.Secret.Name, await OpenAsync(item.Secret, item.Row, cancellationToken), item.Secret.Scope, item.Row.Version));
        }
        if (granted.Count > 0)
        {
            await AuditReadsAsync(request, granted.Select(g => g.Secret).ToList(), cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// The project's checkout credential secrets by name (project scope wins over organisation scope), audited as
    /// reads with the step <c>(checkout)</c>. A secret's branch, event and job rules do not apply here: the value is
    /// used by the runner's git outside the sandbox and never reaches a job, a fork's included.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadForCheckoutAsync(JobSecretRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        var names = request.Names ?? [];
        var projectId = await db.Projects.AsNoTracking().Where(p => p.Name == request.Project).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        var candidates = await (
            from s in db.Secrets.AsNoTracking()
            where names.Contains(s.Name) && (s.Scope == SecretScope.Organization || (s.Scope == SecretScope.Project && s.ProjectId == projectId))
            join v in db.SecretVersions.AsNoTracking() on new { SecretId = s.Id, s.CurrentVersion } equals new { v.SecretId, CurrentVersion = v.Version }
            select new { Secret = s, Row = v }).ToListAsync(cancellationToken);
        var chosen = candidates.GroupBy(c => c.Secret.Name, StringComparer.Ordinal).Select(g => g.MaxBy(c => c.Secret.Scope)!).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in chosen)
        {
            result[item.Secret.Name] = await OpenAsync(item.Secret, item.Row, cancellationToken);
        }
        if (chosen.Count > 0)
        {
            await AuditReadsAsync(request, chosen.Select(c => c.Secret).ToList(), cancellationToken);
        }
        return result;
    }

    private async Task<string> OpenAsync(StoredSecret secret, SecretVersion row, CancellationToken cancellationToken)
    {
        var bytes = SecretCrypto.Open(secret, row, keys);
        string value;
        try
        {
            value = Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
        // Stored as a reference (vault://…): fetched now, for this use, and never stored.
        return SecretReference.TryParse(value, out var reference, out _) ? await providers.ResolveAsync(reference!, cancellationToken) : value;
    }

    private async Task AuditReadsAsync(JobSecretRequest request, List<StoredSecret> secrets, CancellationToken cancellationToken)
    {
        var events = secrets.Select(secret => new AuditEvent(AuditActions.SecretRead)
        {
            ActorName = "run:" + request.RunId,
            Target = $"secret:{Label(request, secret)}/{secret.Name}",
            Details = new Dictionary<string, string?>
            {
                ["run"] = request.RunId, ["job"] = request.Job, ["step"] = request.Step,
                ["scope"] = secret.Scope.ToString().ToLowerInvariant(),
                ["environment"] = secret.Scope == SecretScope.Environment ? secret.Environment : null,
                ["version"] = secret.CurrentVersion.ToString(CultureInfo.InvariantCulture),
            },
        }).ToList();
        await audit.AppendAllAsync(db, events, cancellationToken);
    }

    private static string Label(JobSecretRequest request, StoredSecret secret) => secret.Scope switch
    {
        SecretScope.Organization => "org",
        SecretScope.Project => request.Project,
        _ => $"{request.Project}/{secret.Environment}",
    };

    private static void Check(JobSecretRequest request)
    {
        foreach (var field in new[] { request.RunId, request.Job, request.Step, request.Project, request.Ref, request.Event })
        {
            if (string.IsNullOrEmpty(field) || field.Length > MaxField)
            {
                throw new ArgumentException($"job secret request: run, job, step, project, ref and event must be 1-{MaxField} characters", nameof(request));
            }
        }
    }
}
