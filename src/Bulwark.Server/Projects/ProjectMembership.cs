using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Identity;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Projects;

/// <summary>
/// Members of a project and their roles, shared by the API and the pages. Every project keeps at least one
/// owner: the last one can be neither demoted nor removed. Each change is audited with the old and new role.
/// </summary>
internal sealed class ProjectMembership(BulwarkDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>Members one project may have; bounds the member list every page and answer carries.</summary>
    public const int MaxMembers = 500;

    public const int MaxUsernameLength = 256;

    public async Task<Outcome<MemberResponse[]>> ListAsync(string name, CancellationToken cancellationToken)
    {
        var project = await FindAsync(name, cancellationToken);
        if (project is null)
        {
            return NoProject();
        }
        return await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == project.Id)
            .OrderBy(m => m.User!.UserName).Take(MaxMembers)
            .Select(m => new MemberResponse(m.User!.UserName!, m.Role, m.AddedAt)).ToArrayAsync(cancellationToken);
    }

    public async Task<Outcome<MemberResponse>> AddAsync(HttpContext http, string name, AddMemberRequest request, CancellationToken cancellationToken)
    {
        if (ProjectRoleNames.Parse(request.Role) is not { } role)
        {
            return Failure.BadRequest(ProjectRoleNames.Expected, "role");
        }
        var project = await FindAsync(name, cancellationToken);
        if (project is null || project.ArchivedAt is not null)
        {
            return project is null ? NoProject() : Failure.Conflict("the project is archived and read-only");
        }
        var user = await FindUserAsync(request.Username, cancellationToken);
        if (user is null)
        {
            return Failure.NotFound("no active user with that username");
        }
        if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == project.Id && m.UserId == user.Id, cancellationToken))
        {
            return Failure.Conflict($"{user.UserName} is already a member; change their role instead");
        }
        if (await db.ProjectMembers.CountAsync(m => m.ProjectId == project.Id, cancellationToken) >= MaxMembers)
        {
            return Failure.Conflict($"a project has at most {MaxMembers} members");
        }
        var member = new ProjectMember { ProjectId = project.Id, UserId = user.Id, Role = role, AddedAt = time.GetUtcNow().UtcDateTime };
        db.ProjectMembers.Add(member);
        await AuditAsync(http, AuditActions.MemberAdded, project, user, null, role, cancellationToken);
        return new MemberResponse(user.UserName!, role, member.AddedAt);
    }

    public async Task<Outcome<MemberResponse>> ChangeRoleAsync(HttpContext http, string name, string username, string? roleName, CancellationToken cancellationToken)
    {
        if (ProjectRoleNames.Parse(roleName) is not { } role)
        {
            return Failure.BadRequest(ProjectRoleNames.Expected, "role");
        }
        var (project, user, member, failure) = await FindMemberAsync(name, username, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }
        var old = member!.Role;
        if (old != role)
        {
            if (old == ProjectRole.Owner && await IsLastOwnerAsync(project!, cancellationToken))
            {
                return LastOwner();
            }
            member.Role = role;
            await AuditAsync(http, AuditActions.MemberRoleChanged, project!, user!, old, role, cancellationToken);
        }
        return new MemberResponse(user!.UserName!, role, member.AddedAt);
    }

    public async Task<Failure?> RemoveAsync(HttpContext http, string name, string username, CancellationToken cancellationToken)
    {
        var (project, user, member, failure) = await FindMemberAsync(name, username, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }
        if (member!.Role == ProjectRole.Owner && await IsLastOwnerAsync(project!, cancellationToken))
        {
            return LastOwner();
        }
        db.ProjectMembers.Remove(member);
        await AuditAsync(http, AuditActions.MemberRemoved, project!, user!, member.Role, null, cancellationToken);
        return null;
    }

    private async Task<(Project? Project, BulwarkUser? User, ProjectMember? Member, Failure? Failure)> FindMemberAsync(string name, string username, CancellationToken cancellationToken)
    {
        var project = await FindAsync(name, cancellationToken);
        if (project is null || project.ArchivedAt is not null)
        {
            return (null, null, null, project is null ? NoProject() : Failure.Conflict("the project is archived and read-only"));
        }
        var user = username.Length <= MaxUsernameLength
            ? await db.Set<BulwarkUser>().FirstOrDefaultAsync(u => u.UserName == username, cancellationToken)
            : null;
        var member = user is null ? null : await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == project.Id && m.UserId == user.Id, cancellationToken);
        return member is null ? (null, null, null, Failure.NotFound("no member with that username")) : (project, user, member, null);
    }

    private Task<BulwarkUser?> FindUserAsync(string? username, CancellationToken cancellationToken) =>
        username is { Length: > 0 and <= MaxUsernameLength }
            ? db.Set<BulwarkUser>().FirstOrDefaultAsync(u => u.UserName == username && !u.Disabled, cancellationToken)
            : Task.FromResult<BulwarkUser?>(null);

    private Task<Project?> FindAsync(string name, CancellationToken cancellationToken) =>
        ProjectName.IsValid(name) ? db.Projects.FirstOrDefaultAsync(p => p.Name == name, cancellationToken) : Task.FromResult<Project?>(null);

    private async Task<bool> IsLastOwnerAsync(Project project, CancellationToken cancellationToken) =>
        await db.ProjectMembers.CountAsync(m => m.ProjectId == project.Id && m.Role == ProjectRole.Owner, cancellationToken) <= 1;

    private Task AuditAsync(HttpContext http, string action, Project project, BulwarkUser user, ProjectRole? old, ProjectRole? role, CancellationToken cancellationToken) =>
        audit.AppendAsync(db, AuditActor.Event(http, action, "project:" + project.Name, details: new Dictionary<string, string?>
        {
            ["member"] = user.UserName,
            ["oldRole"] = old is { } o ? ProjectRoleNames.Name(o) : null,
            ["newRole"] = role is { } r ? ProjectRoleNames.Name(r) : null,
        }), cancellationToken);

    private static Failure NoProject() => Failure.NotFound("no such project");

    private static Failure LastOwner() => Failure.Conflict("a project needs at least one owner: make someone else owner first");
}
