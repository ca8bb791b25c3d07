using Bulwark.Server.Access;
using Bulwark.Server.Projects;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Secrets;

/// <summary>Turns the route's project and environment into a <see cref="SecretTarget"/>; archived projects are read-only.</summary>
internal sealed class SecretTargets(BulwarkDbContext db)
{
    public const string EnvironmentRule = "environment must be 1-64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit";

    public async Task<Outcome<SecretTarget>> ResolveAsync(string? project, string? environment, bool forWrite, CancellationToken cancellationToken)
    {
        if (project is null)
        {
            return SecretTarget.Organization;
        }
        if (environment is not null && !ProjectName.IsValid(environment))
        {
            return Failure.BadRequest(EnvironmentRule, "environment");
        }
        var found = ProjectName.IsValid(project)
            ? await db.Projects.AsNoTracking().Where(p => p.Name == project).Select(p => new { p.Id, p.ArchivedAt }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (found is null)
        {
            return Failure.NotFound("no such project");
        }
        if (forWrite && found.ArchivedAt is not null)
        {
            return Failure.Conflict("the project is archived and read-only");
        }
        return environment is null
            ? new SecretTarget(SecretScope.Project, found.Id, "", project)
            : new SecretTarget(SecretScope.Environment, found.Id, environment, $"{project}/{environment}");
    }
}
