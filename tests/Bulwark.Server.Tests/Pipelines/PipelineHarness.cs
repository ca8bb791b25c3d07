using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Runner.Tests.Checkout;
using Bulwark.Runner.Tests.Gates;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Pipelines;

/// <summary>
/// What an end-to-end pipeline test stands on: a real git repository served by git http-backend on loopback, a
/// server with one embedded runner that runs gates with the real CLI, an administrator's client and the project
/// <c>ml-api</c> pointing at the repository (with its webhook secret).
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string Project = "ml-api";

    private readonly BulwarkCli _cli = new();
    private readonly TempDirectory _work = new("bulwark-work-");

    private PipelineHarness(string? gitToken) => Git = new GitHttpServer(Repository.Root, gitToken);

    public LocalRepository Repository { get; } = new();

    public GitHttpServer Git { get; }

    public TestServer Server { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public string WebhookSecret { get; private set; } = "";

    /// <summary>With <paramref name="gitToken"/>, the repository demands it; <paramref name="credentialReference"/> is the project's.</summary>
    public static async Task<PipelineHarness> StartAsync(Provider provider, string? gitToken = null, string? credentialReference = null)
    {
        var harness = new PipelineHarness(gitToken);
        harness.Server = await TestServer.StartAsync(provider, o => o with
        {
            AllowLocalRepositories = true,
            EmbeddedRunners = 1,
            WorkDirectory = harness._work.Path,
            GateCommand = harness._cli.Command,
        });
        await harness.Server.CreateUserAsync("root", isAdmin: true);
        harness.Admin = harness.Server.Client(await harness.Server.CreateTokenAsync("root"));
        var created = await harness.Admin.PostAsJsonAsync("/api/v1/projects", new
        {
            name = Project, repositoryUrl = harness.Git.Url(LocalRepository.RepositoryName), credentialReference,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        harness.WebhookSecret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        Git.Dispose();
        Repository.Dispose();
        _cli.Dispose();
        _work.Dispose();
    }
}
