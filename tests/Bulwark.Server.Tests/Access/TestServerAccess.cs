using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Server.Access;
using Bulwark.Server.Projects;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Access;

/// <summary>Shortcuts for access tests: MFA enrolment and memberships written straight to the database.</summary>
internal static class TestServerAccess
{
    /// <summary>Marks the user MFA-enrolled, as the enrolment page would, so the privileged-role policy lets them act.</summary>
    public static Task EnrolMfaAsync(this TestServer server, string username) =>
        server.WithDatabaseAsync(db => db.Users.Where(u => u.UserName == username)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnabled, true)));

    /// <summary>Creates a project through the API as <paramref name="admin"/>; answers its webhook secret.</summary>
    public static async Task<string> CreateProjectAsync(this HttpClient admin, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/projects", new { name, repositoryUrl = $"https://git.example/acme/{name}.git" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("webhookSecret").GetString()!;
    }

    public static Task AddMemberAsync(this TestServer server, string project, string username, ProjectRole role) =>
        server.WithDatabaseAsync(async db =>
        {
            var projectId = await db.Projects.Where(p => p.Name == project).Select(p => p.Id).SingleAsync();
            var userId = await db.Users.Where(u => u.UserName == username).Select(u => u.Id).SingleAsync();
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = userId, Role = role });
            return await db.SaveChangesAsync();
        });
}
