using System.Net;
using System.Text;
using Bulwark.Server.Access;
using Bulwark.Server.Projects;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Tests.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Access;

/// <summary>
/// Walks every API endpoint × every role and checks the answer against the matrix in docs/permissions.md:
/// 401 for anonymous callers, 403 where the role (or token scope) does not hold the permission, and anything
/// else (the handler ran) where it does. Runner endpoints answer every user 401: they take runner secrets only. Each call gets a fresh project, so writes cannot disturb the next one.
/// </summary>
public abstract class PermissionMatrixTests(Provider provider) : IAsyncLifetime
{
    private const string Anonymous = "anonymous", Member = "member", Viewer = "viewer", Developer = "developer",
        Maintainer = "maintainer", Owner = "owner", Admin = "admin", ReadToken = "admin-read-token";

    /// <summary>The matrix of docs/permissions.md: who holds each permission (tokens with scope <c>all</c>).</summary>
    private static readonly Dictionary<Permission, string[]> Holders = new()
    {
        [Permission.SignedIn] = [Member, Viewer, Developer, Maintainer, Owner, Admin],
        [Permission.ProjectRead] = [Viewer, Developer, Maintainer, Owner, Admin],
        [Permission.RunTrigger] = [Developer, Maintainer, Owner, Admin],
        [Permission.ProjectSettingsWrite] = [Maintainer, Owner, Admin],
        [Permission.ProjectOwn] = [Owner, Admin],
        [Permission.ProjectCreate] = [Admin],
        [Permission.OrganizationAdmin] = [Admin],
        [Permission.AuditRead] = [Admin],
        [Permission.SecretsRead] = [Viewer, Developer, Maintainer, Owner, Admin],
        [Permission.SecretsWrite] = [Maintainer, Owner, Admin],
        [Permission.OrganizationSecrets] = [Admin],
        // Runner endpoints take a runner's secrets only: no user credential, whatever its role, gets past authentication.
        [Permission.RunnerRegistration] = [],
        [Permission.RunnerAgent] = [],
        [Permission.RunnerJob] = [],
    };

    private static readonly string[] Roles = [Anonymous, Member, Viewer, Developer, Maintainer, Owner, Admin, ReadToken];

    private readonly Dictionary<string, HttpClient> _clients = [];
    private TestServer _server = null!;
    private int _projects;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        foreach (var user in new[] { Member, Viewer, Developer, Maintainer, Owner, Admin, "target" })
        {
            await _server.CreateUserAsync(user, isAdmin: user == Admin);
            await _server.EnrolMfaAsync(user);
        }
        _clients[Anonymous] = _server.Client();
        foreach (var role in new[] { Member, Viewer, Developer, Maintainer, Owner, Admin })
        {
            _clients[role] = _server.Client(await _server.CreateTokenAsync(role));
        }
        _clients[ReadToken] = _server.Client(await _server.CreateTokenAsync(Admin, TokenScopes.Read));
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        await _server.DisposeAsync();
    }

    private static bool Holds(string role, Permission permission, string method) => role == ReadToken
        ? method is "GET" && Holders[permission].Contains(Admin) && permission != Permission.OrganizationAdmin
        : Holders[permission].Contains(role);

    [Fact]
    public async Task Every_api_endpoint_answers_every_role_as_the_matrix_says()
    {
        // Webhooks are anonymous by design (signature-authenticated; see the webhook tests).
        var endpoints = EndpointCatalog.List(_server.App).Where(e => e.IsApi && !e.AllowsAnonymous).ToList();
        endpoints.Count.ShouldBeGreaterThanOrEqualTo(17);
        var mismatches = new List<string>();
        foreach (var endpoint in endpoints)
        {
            endpoint.Permission.ShouldNotBeNull(endpoint.ToString());
            foreach (var role in Roles)
            {
                var status = await CallAsync(endpoint, _clients[role]);
                var expected = role == Anonymous || PermissionRules.AgentScheme(endpoint.Permission.Value) is not null ? "401"
                    : Holds(role, endpoint.Permission.Value, endpoint.Method) ? "allowed" : "403";
                var actual = status switch { HttpStatusCode.Unauthorized => "401", HttpStatusCode.Forbidden => "403", >= HttpStatusCode.InternalServerError => "5xx", _ => "allowed" };
                if (actual != expected)
                {
                    mismatches.Add($"{endpoint} as {role}: expected {expected}, got {(int)status}");
                }
            }
        }
        mismatches.ShouldBeEmpty();
    }

    private async Task<HttpStatusCode> CallAsync(MappedEndpoint endpoint, HttpClient client)
    {
        var project = await FreshProjectAsync();
        var token = await _server.CreateTokenAsync("target");
        var run = await _server.CreateRunAsync(project, "on: { manual: {} }\njobs:\n  build: { steps: [ { run: make } ] }\n");
        var path = string.Join('/', endpoint.Pattern.Split('/').Select(segment => segment switch
        {
            "{name}" => project,
            "{username}" => "target",
            "{id}" => token.Split('_')[1],
            "{runId}" => run.Id.ToString(),
            "{job}" => "build",
            _ when segment.StartsWith('{') => "x",
            _ => segment,
        }));
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        // Headers are enough: a log stream answers its status at once and then stays open while the job runs.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    /// <summary>A project where each role user holds that role, and "target" is a viewer (the member that member endpoints act on).</summary>
    private async Task<string> FreshProjectAsync()
    {
        var name = $"p{++_projects}";
        var id = Guid.NewGuid();
        var secrets = _server.Services.GetRequiredService<WebhookSecrets>();
        await _server.WithDatabaseAsync(async db =>
        {
            var project = new Project { Id = id, Name = name, RepositoryUrl = "https://git.example/a/b", WebhookSecretCiphertext = secrets.Generate(id).Ciphertext };
            var roles = new Dictionary<string, ProjectRole>
            {
                [Viewer] = ProjectRole.Viewer, [Developer] = ProjectRole.Developer, [Maintainer] = ProjectRole.Maintainer,
                [Owner] = ProjectRole.Owner, ["target"] = ProjectRole.Viewer,
            };
            foreach (var (username, role) in roles)
            {
                var user = db.Users.Single(u => u.UserName == username);
                project.Members.Add(new ProjectMember { UserId = user.Id, Role = role });
            }
            db.Projects.Add(project);
            return await db.SaveChangesAsync();
        });
        return name;
    }
}

public sealed class SqlitePermissionMatrixTests() : PermissionMatrixTests(Provider.Sqlite);

public sealed class PostgresPermissionMatrixTests() : PermissionMatrixTests(Provider.Postgres);
