using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Secrets;

/// <summary>
/// The only path by which a value leaves the store: the secrets a job may have (organisation, project and the
/// job's environment; the narrowest scope wins a name, and its rules decide — a narrower secret that excludes
/// the job hides the wider one rather than letting it through). Each decrypted value is audited as
/// <c>secret.read</c> with run, job and step, all entries in one transaction.
/// </summary>
internal sealed class SecretAccess(BulwarkDbContext db, AuditLog audit, SecretKeyRing keys)
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
            .Select(g => g.MaxBy(c => c.Secret.Scope)!)
            .Where(c => SecretRuleCheck.Allows(c.Secret, request))
            .OrderBy(c => c.Secret.Name, StringComparer.Ordinal)
            .ToList();
        var result = new List<JobSecret>(granted.Count);
        foreach (var item in granted)
        {
            var bytes = SecretCrypto.Open(item.Secret, item.Row, keys);
            try
            {
                result.Add(new JobSecret(item.Secret.Name, Encoding.UTF8.GetString(bytes), item.Secret.Scope, item.Row.Version));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
        if (granted.Count > 0)
        {
            await AuditReadsAsync(request, granted.Select(g => g.Secret).ToList(), cancellationToken);
        }
        return result;
    }

    private async Task AuditReadsAsync(JobSecretRequest request, List<StoredSecret> secrets, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var secret in secrets)
        {
            var label = secret.Scope switch
            {
                SecretScope.Organization => "org",
                SecretScope.Project => request.Project,
                _ => $"{request.Project}/{secret.Environment}",
            };
            await audit.AppendAsync(db, new AuditEvent(AuditActions.SecretRead)
            {
                ActorName = "run:" + request.RunId,
                Target = $"secret:{label}/{secret.Name}",
                Details = new Dictionary<string, string?>
                {
                    ["run"] = request.RunId, ["job"] = request.Job, ["step"] = request.Step,
                    ["scope"] = secret.Scope.ToString().ToLowerInvariant(),
                    ["environment"] = secret.Scope == SecretScope.Environment ? secret.Environment : null,
                    ["version"] = secret.CurrentVersion.ToString(CultureInfo.InvariantCulture),
                },
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

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
