using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Access;

/// <summary>Looks up a user's role in a project; scoped, so one request asks the database once per project.</summary>
internal sealed class ProjectAccess(BulwarkDbContext db)
{
    private readonly Dictionary<(string Project, string User), ProjectRole?> _roles = [];

    public async Task<ProjectRole?> RoleAsync(string projectName, string userId, CancellationToken cancellationToken)
    {
        if (!_roles.TryGetValue((projectName, userId), out var role))
        {
            role = await db.ProjectMembers.AsNoTracking()
                .Where(m => m.UserId == userId && m.Project!.Name == projectName && m.Project.ArchivedAt == null)
                .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
            _roles[(projectName, userId)] = role;
        }
        return role;
    }

    /// <summary>Whether the user is maintainer or owner of any project (such users must enrol MFA).</summary>
    public Task<bool> IsPrivilegedAnywhereAsync(string userId, CancellationToken cancellationToken) =>
        db.ProjectMembers.AsNoTracking().AnyAsync(m => m.UserId == userId && (m.Role == ProjectRole.Maintainer || m.Role == ProjectRole.Owner), cancellationToken);
}
