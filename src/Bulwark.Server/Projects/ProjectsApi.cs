using System.Security.Claims;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Operations;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Projects;

/// <summary><c>/api/v1/projects</c>: create and list projects.</summary>
internal static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", ListAsync).RequirePermission(Permission.SignedIn);
        projects.MapPost("/", CreateAsync).RequirePermission(Permission.ProjectCreate);
        return api;
    }

    /// <summary>Projects the caller can see: all for administrators, their memberships for everyone else.</summary>
    private static async Task<IResult> ListAsync(HttpContext http, BulwarkDbContext db, CancellationToken cancellationToken)
    {
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var isAdmin = http.User.HasClaim(BulwarkClaims.Admin, "true");
        var query = db.Projects.AsNoTracking().Where(p => p.ArchivedAt == null);
        if (!isAdmin)
        {
            query = query.Where(p => p.Members.Any(m => m.UserId == userId));
        }
        var list = await query.OrderBy(p => p.Name)
            .Select(p => new ProjectResponse(p.Name, p.RepositoryUrl, p.Description, p.CredentialReference, p.CreatedAt, p.ArchivedAt,
                p.Members.Where(m => m.UserId == userId).Select(m => (ProjectRole?)m.Role).FirstOrDefault(), null))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> CreateAsync(CreateProjectRequest request, HttpContext http, BulwarkDbContext db, AuditLog audit, WebhookSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ProjectName.IsValid(request.Name))
        {
            return Problems.BadRequest($"name must be 1-{ProjectName.MaxLength} lower-case letters, digits, '-', '_' or '.', starting with a letter or digit", "name");
        }
        if (RepositoryUrl.Problem(request.RepositoryUrl) is { } urlProblem)
        {
            return Problems.BadRequest(urlProblem, "repositoryUrl");
        }
        if (request.Description is { Length: > 1000 })
        {
            return Problems.BadRequest("description must be at most 1000 characters", "description");
        }
        if (await db.Projects.AnyAsync(p => p.Name == request.Name, cancellationToken))
        {
            return Problems.Conflict($"a project named '{request.Name}' already exists");
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
            CredentialReference = request.CredentialReference,
            WebhookSecretCiphertext = ciphertext,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var creator = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        project.Members.Add(new ProjectMember { UserId = creator, Role = ProjectRole.Owner, AddedAt = now });
        db.Projects.Add(project);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.ProjectCreated, "project:" + project.Name,
            details: new Dictionary<string, string?> { ["repositoryUrl"] = project.RepositoryUrl }), cancellationToken);
        var response = new ProjectResponse(project.Name, project.RepositoryUrl, project.Description, project.CredentialReference, project.CreatedAt, null, ProjectRole.Owner, secret);
        return TypedResults.Created($"/api/v1/projects/{project.Name}", response);
    }
}
