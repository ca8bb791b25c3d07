using System.Security.Claims;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Projects;

/// <summary>
/// Project operations shared by the API and the pages. Callers have passed the endpoint's permission check
/// already; each change is stored together with its audit entry. Archived projects are read-only.
/// </summary>
internal sealed class ProjectService(BulwarkDbContext db, AuditLog audit, WebhookSecrets secrets, TimeProvider time, ServerOptions options)
{
    private const string NameRule = "name must be 1-64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit";

    /// <summary>Projects the caller can see: all live ones for administrators, their memberships for everyone else.</summary>
    public Task<List<ProjectResponse>> ListAsync(string userId, bool isAdmin, CancellationToken cancellationToken) =>
        ProjectListQuery.RunAsync(db, userId, isAdmin, cancellationToken);

    public async Task<Outcome<ProjectResponse>> GetAsync(string name, string userId, CancellationToken cancellationToken)
    {
        var project = await FindAsync(name, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }
        return await DescribeAsync(project, userId, null, cancellationToken);
    }

    public async Task<Outcome<ProjectResponse>> CreateAsync(HttpContext http, CreateProjectRequest request, CancellationToken cancellationToken)
    {
        if (!ProjectName.IsValid(request.Name))
        {
            return Failure.BadRequest(NameRule, "name");
        }
        if (RepositoryUrl.Problem(request.RepositoryUrl, options.AllowLocalRepositories) is { } urlProblem)
        {
            return Failure.BadRequest(urlProblem, "repositoryUrl");
        }
        if (ProjectFields.Check(request.Description, request.CredentialReference) is { } fieldProblem)
        {
            return fieldProblem;
        }
        if (ProjectFields.CheckBranches(request.ProtectedBranches) is { } branchProblem)
        {
            return branchProblem;
        }
        if (await db.Projects.AnyAsync(p => p.Name == request.Name, cancellationToken))
        {
            return Failure.Conflict($"a project named '{request.Name}' already exists");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        var (secret, ciphertext) = secrets.Generate(id);
        var project = new Project
        {
            Id = id,
            Name = request.Name,
            RepositoryUrl = request.RepositoryUrl,
            Description = request.Description ?? "",
            CredentialReference = string.IsNullOrEmpty(request.CredentialReference) ? null : request.CredentialReference,
            ProtectedBranches = request.ProtectedBranches is { } branches ? string.Join(',', branches) : Project.DefaultProtectedBranches,
            WebhookSecretCiphertext = ciphertext,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var creator = UserId(http);
        project.Members.Add(new ProjectMember { UserId = creator, Role = ProjectRole.Owner, AddedAt = now });
        db.Projects.Add(project);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.ProjectCreated, Target(project),
            details: new Dictionary<string, string?> { ["repositoryUrl"] = project.RepositoryUrl }), cancellationToken);
        return await DescribeAsync(project, creator, secret, cancellationToken);
    }

    public async Task<Outcome<ProjectResponse>> UpdateAsync(HttpContext http, string name, UpdateProjectRequest request, CancellationToken cancellationToken)
    {
        if (request.RepositoryUrl is not null && RepositoryUrl.Problem(request.RepositoryUrl, options.AllowLocalRepositories) is { } urlProblem)
        {
            return Failure.BadRequest(urlProblem, "repositoryUrl");
        }
        if (ProjectFields.Check(request.Description, request.CredentialReference) is { } fieldProblem)
        {
            return fieldProblem;
        }
        if (ProjectFields.CheckBranches(request.ProtectedBranches) is { } branchProblem)
        {
            return branchProblem;
        }
        var project = await FindAsync(name, cancellationToken);
        if (project is null || project.ArchivedAt is not null)
        {
            return project is null ? NotFound() : Archived();
        }
        var changed = new Dictionary<string, string?>();
        if (request.Description is not null && request.Description != project.Description)
        {
            project.Description = request.Description;
            changed["description"] = "changed";
        }
        if (request.RepositoryUrl is not null && request.RepositoryUrl != project.RepositoryUrl)
        {
            changed["repositoryUrl"] = request.RepositoryUrl;
            project.RepositoryUrl = request.RepositoryUrl;
        }
        var reference = request.CredentialReference is "" ? null : request.CredentialReference ?? project.CredentialReference;
        if (reference != project.CredentialReference)
        {
            changed["credentialReference"] = reference ?? "(cleared)";
            project.CredentialReference = reference;
        }
        if (request.ProtectedBranches is { } protectedBranches && string.Join(',', protectedBranches) != project.ProtectedBranches)
        {
            project.ProtectedBranches = string.Join(',', protectedBranches);
            changed["protectedBranches"] = project.ProtectedBranches;
        }
        if (changed.Count > 0)
        {
            project.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.ProjectUpdated, Target(project), details: changed), cancellationToken);
        }
        return await DescribeAsync(project, UserId(http), null, cancellationToken);
    }

    public async Task<Outcome<ProjectResponse>> ArchiveAsync(HttpContext http, string name, CancellationToken cancellationToken)
    {
        var project = await FindAsync(name, cancellationToken);
        if (project is null || project.ArchivedAt is not null)
        {
            return project is null ? NotFound() : Archived();
        }
        project.ArchivedAt = project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.ProjectArchived, Target(project)), cancellationToken);
        return await DescribeAsync(project, UserId(http), null, cancellationToken);
    }

    /// <summary>Replaces the webhook secret; the old one stops verifying at once. The new one is returned only here.</summary>
    public async Task<Outcome<WebhookSecretResponse>> RotateWebhookSecretAsync(HttpContext http, string name, CancellationToken cancellationToken)
    {
        var project = await FindAsync(name, cancellationToken);
        if (project is null || project.ArchivedAt is not null)
        {
            return project is null ? NotFound() : Archived();
        }
        var (secret, ciphertext) = secrets.Generate(project.Id);
        project.WebhookSecretCiphertext = ciphertext;
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.WebhookSecretRotated, Target(project)), cancellationToken);
        return new WebhookSecretResponse(project.Name, secret);
    }

    private Task<Project?> FindAsync(string name, CancellationToken cancellationToken) =>
        ProjectName.IsValid(name) ? db.Projects.FirstOrDefaultAsync(p => p.Name == name, cancellationToken) : Task.FromResult<Project?>(null);

    private async Task<ProjectResponse> DescribeAsync(Project p, string userId, string? secret, CancellationToken cancellationToken)
    {
        var role = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == p.Id && m.UserId == userId)
            .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        return new ProjectResponse(p.Name, p.RepositoryUrl, p.Description, p.CredentialReference, p.CreatedAt, p.ArchivedAt, role, secret) { ProtectedBranchesJoined = p.ProtectedBranches };
    }

    private static string UserId(HttpContext http) => http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static string Target(Project project) => "project:" + project.Name;

    private static Failure NotFound() => Failure.NotFound("no such project");

    private static Failure Archived() => Failure.Conflict("the project is archived and read-only");
}
