using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Runner.Tests.Checkout;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Pipelines;

/// <summary>
/// A project whose repository demands a token (git http-backend on loopback behind Basic authentication): its
/// <c>credentialReference</c> names a secret, and both the server's read of <c>.bulwark.yml</c> and the runner's
/// checkout authenticate with it, audited, without the token reaching a URL, the job or the log.
/// </summary>
public sealed class CheckoutCredentialTests : IAsyncLifetime
{
    private const string GitToken = "ghs_CheckoutOnly7c1e9a4b2d8f6e3a5b0c";

    private PipelineHarness _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await PipelineHarness.StartAsync(Provider.Sqlite, GitToken, credentialReference: "GIT_TOKEN");

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task The_referenced_token_reads_the_definition_and_checks_out_without_reaching_the_job()
    {
        (await _pipeline.Admin.PutAsJsonAsync("/api/v1/projects/ml-api/secrets/GIT_TOKEN", new { value = GitToken })).EnsureSuccessStatusCode();
        var pipeline = "on: { push: { branches: [main] } }\njobs:\n  build:\n    steps:\n      - run: cat model.txt; env; git config --list || true\n";
        var commit = _pipeline.Repository.Commit("build", (".bulwark.yml", pipeline), ("model.txt", "weights v1\n"));

        var runId = await (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret)).CreatedRunAsync();
        var run = await _pipeline.Admin.WaitForRunAsync(runId);
        var log = await _pipeline.Admin.LogAsync(runId, "build");

        run.GetProperty("status").GetString().ShouldBe("succeeded", log);
        log.ShouldContain("weights v1");
        log.ShouldNotContain(GitToken);
        log.ShouldNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + GitToken)));
        log.ShouldNotContain("BULWARK_GIT_TOKEN", customMessage: "the token's variable lives in git's environment, not the job's");
        _pipeline.Git.AuthorizationHeaders.ShouldContain("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + GitToken)));
        _pipeline.Git.RequestPaths.ShouldAllBe(path => !path.Contains(GitToken, StringComparison.Ordinal));

        var reads = await _pipeline.Server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SecretRead).ToListAsync());
        reads.ShouldContain(e => e.Target == "secret:ml-api/GIT_TOKEN" && e.Details!.Contains("(pipeline definition)"), "the server's read of .bulwark.yml");
        reads.ShouldContain(e => e.Target == "secret:ml-api/GIT_TOKEN" && e.Details!.Contains(runId.ToString()) && e.Details.Contains("(checkout)"), "the job's checkout");
    }

    [Fact]
    public async Task An_ssh_repository_is_read_and_checked_out_with_the_deploy_key_and_its_pinned_host_key()
    {
        using var ssh = new SshServer();
        var created = await _pipeline.Admin.PostAsJsonAsync("/api/v1/projects", new
        {
            name = "ssh-api", repositoryUrl = ssh.Url(_pipeline.Repository.Path), credentialReference = "DEPLOY_KEY",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        (await _pipeline.Admin.PutAsJsonAsync("/api/v1/projects/ssh-api/secrets/DEPLOY_KEY", new { value = ssh.ClientKey })).EnsureSuccessStatusCode();
        (await _pipeline.Admin.PutAsJsonAsync("/api/v1/projects/ssh-api/secrets/DEPLOY_KEY_KNOWN_HOSTS", new { value = ssh.KnownHosts })).EnsureSuccessStatusCode();
        var commit = _pipeline.Repository.Commit("build", (".bulwark.yml", "on: push\njobs:\n  build:\n    steps:\n      - run: cat model.txt\n"), ("model.txt", "weights over ssh\n"));

        var runId = await (await _pipeline.Admin.SendGitHubAsync("ssh-api", "push", PipelineTestData.Push(commit), secret)).CreatedRunAsync();
        var run = await _pipeline.Admin.WaitForRunAsync(runId);
        var log = await _pipeline.Admin.LogAsync(runId, "build");

        run.GetProperty("status").GetString().ShouldBe("succeeded", log + run);
        log.ShouldContain("weights over ssh");
        log.ShouldNotContain(ssh.ClientKey.Split('\n')[1]);
    }

    [Fact]
    public async Task A_missing_credential_secret_fails_the_run_with_a_reason_that_names_it()
    {
        var commit = _pipeline.Repository.Commit("build", (".bulwark.yml", "on: push\njobs:\n  build:\n    steps:\n      - run: true\n"));

        var runId = await (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret)).CreatedRunAsync();
        var run = await _pipeline.Admin.WaitForRunAsync(runId);

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.ToString().ShouldContain("needs the secret GIT_TOKEN");
        _pipeline.Git.RequestPaths.ShouldBeEmpty("nothing is fetched without the credential");
    }

    [Fact]
    public async Task A_wrong_token_fails_the_run_without_printing_it()
    {
        const string wrong = "ghs_NotTheRightOne4f2a9c7e1b3d5a8c6e0f";
        (await _pipeline.Admin.PutAsJsonAsync("/api/v1/projects/ml-api/secrets/GIT_TOKEN", new { value = wrong })).EnsureSuccessStatusCode();
        var commit = _pipeline.Repository.Commit("build", (".bulwark.yml", "on: push\njobs:\n  build:\n    steps:\n      - run: true\n"));

        var runId = await (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret)).CreatedRunAsync();
        var run = await _pipeline.Admin.WaitForRunAsync(runId);

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.ToString().ShouldContain("Authentication failed");
        run.ToString().ShouldNotContain(wrong);
    }
}
