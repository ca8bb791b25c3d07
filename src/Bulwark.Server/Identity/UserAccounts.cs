using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Identity;

/// <summary>Creates accounts through Identity (so every password rule applies) and audits the creation.</summary>
internal static class UserAccounts
{
    public sealed record Result(BulwarkUser? User, IReadOnlyList<string> Errors);

    public static async Task<Result> CreateAsync(IServiceProvider services, string username, string password, bool isAdmin, string? email, string? actorName, string? sourceIp, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<BulwarkUser>>();
        var user = new BulwarkUser
        {
            UserName = username,
            Email = email,
            IsAdmin = isAdmin,
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new Result(null, created.Errors.Select(e => e.Description).ToArray());
        }
        await services.GetRequiredService<AuditLog>().AppendAsync(services.GetRequiredService<BulwarkDbContext>(), new AuditEvent(AuditActions.UserCreated)
        {
            ActorName = actorName,
            SourceIp = sourceIp,
            Target = "user:" + username,
            Details = new Dictionary<string, string?> { ["role"] = isAdmin ? "admin" : "member" },
        }, cancellationToken);
        return new Result(user, []);
    }
}
