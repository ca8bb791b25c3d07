using Bulwark.Server.Access;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Projects;

/// <summary>
/// The project list, the API's most frequent read, as compiled queries: EF Core then skips translating the
/// expression tree on every call (measured: a quarter of the endpoint's CPU time before). A compiled query
/// binds to the provider of the first context it runs on, so each provider has its own.
/// </summary>
internal static class ProjectListQuery
{
    private static readonly Func<SqliteBulwarkDbContext, string, bool, IAsyncEnumerable<ProjectResponse>> Sqlite = Compile<SqliteBulwarkDbContext>();
    private static readonly Func<PostgresBulwarkDbContext, string, bool, IAsyncEnumerable<ProjectResponse>> Postgres = Compile<PostgresBulwarkDbContext>();

    private static Func<TContext, string, bool, IAsyncEnumerable<ProjectResponse>> Compile<TContext>()
        where TContext : BulwarkDbContext =>
        EF.CompileAsyncQuery((TContext db, string userId, bool isAdmin) =>
            db.Projects.AsNoTracking()
                .Where(p => p.ArchivedAt == null && (isAdmin || p.Members.Any(m => m.UserId == userId)))
                .OrderBy(p => p.Name)
                .Select(p => new ProjectResponse(p.Name, p.RepositoryUrl, p.Description, p.CredentialReference, p.CreatedAt, p.ArchivedAt,
                    p.Members.Where(m => m.UserId == userId).Select(m => (ProjectRole?)m.Role).FirstOrDefault(), null) { ProtectedBranchesJoined = p.ProtectedBranches }));

    public static async Task<List<ProjectResponse>> RunAsync(BulwarkDbContext db, string userId, bool isAdmin, CancellationToken cancellationToken)
    {
        var list = new List<ProjectResponse>();
        var rows = db switch
        {
            PostgresBulwarkDbContext postgres => Postgres(postgres, userId, isAdmin),
            SqliteBulwarkDbContext sqlite => Sqlite(sqlite, userId, isAdmin),
            _ => throw new InvalidOperationException($"no compiled project list for {db.GetType().Name}"),
        };
        await foreach (var project in rows.WithCancellation(cancellationToken))
        {
            list.Add(project);
        }
        return list;
    }
}
