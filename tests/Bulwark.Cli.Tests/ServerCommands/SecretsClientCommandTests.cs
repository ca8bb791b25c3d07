using System.Text.Json;
using Bulwark.Server;
using Bulwark.Server.Access;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Operations;
using Bulwark.Server.Projects;
using Bulwark.Server.Secrets;
using Bulwark.Server.Storage;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bulwark.Cli.Tests.ServerCommands;

/// <summary>
/// <c>bulwark secrets set|list|delete</c> as the built executable, with real standard input, against a real
/// server on the default self-signed HTTPS, trusted only through its pinned fingerprint.
/// </summary>
public sealed class SecretsClientCommandTests : IAsyncLifetime
{
    private const string Value = "hf_cli-Value-0a1b2c3d4e5f";
    private readonly TempDirectory _temp = new("bulwark-cli-secrets-");
    private WebApplication _app = null!;
    private string _url = "";
    private string _fingerprint = "";
    private string _token = "";
    private string _readToken = "";

    public async Task InitializeAsync()
    {
        var options = new ServerOptions { DataDirectory = _temp.Combine("data"), Listen = "127.0.0.1:0" };
        _app = ServerApp.Build(options, logging: l => l.SetMinimumLevel(LogLevel.Warning));
        await ServerApp.PrepareAsync(_app, CancellationToken.None);
        await _app.StartAsync();
        _url = _app.Urls.First();
        _fingerprint = _app.Services.GetRequiredService<ServerIdentity>().CertificateFingerprint!;
        await using var scope = _app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        (await UserAccounts.CreateAsync(services, "root", "violet-harbour-lantern-42", true, null, "cli", null, CancellationToken.None)).Errors.ShouldBeEmpty();
        var user = await services.GetRequiredService<UserManager<BulwarkUser>>().FindByNameAsync("root");
        var tokens = services.GetRequiredService<ApiTokenService>();
        _token = tokens.Issue(user!.Id, "cli", TokenScopes.Parse("secrets:write secrets:read")!, null, true).Plaintext;
        _readToken = tokens.Issue(user.Id, "read", TokenScopes.Parse("read")!, null, true).Plaintext;
        var db = services.GetRequiredService<BulwarkDbContext>();
        var id = Guid.NewGuid();
        db.Projects.Add(new Project { Id = id, Name = "ml-api", RepositoryUrl = "https://git.example/a/b", WebhookSecretCiphertext = services.GetRequiredService<WebhookSecrets>().Generate(id).Ciphertext });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args) =>
        CliRun.Executable(stdin, _temp.Path, ["secrets", .. args, "--server", _url]);

    [Fact]
    public async Task Set_list_and_delete_work_end_to_end_and_the_value_only_travels_on_stdin()
    {
        var set = Run($"{_token}\n{Value}\n", "set", "HF_TOKEN", "--project", "ml-api", "--token-stdin", "--tls-fingerprint", _fingerprint);
        set.ExitCode.ShouldBe(0, set.Stderr);
        set.Stdout.ShouldContain("Stored HF_TOKEN (ml-api), version 1");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var secrets = await scope.ServiceProvider.GetRequiredService<SecretAccess>().ResolveForJobAsync(
                new JobSecretRequest("run-1", "train", "s", "ml-api", null, "main", true, SecretEvents.Push), CancellationToken.None);
            secrets.ShouldHaveSingleItem().Value.ShouldBe(Value, "one trailing newline is dropped, nothing else");
        }
        Run($"{_token}\nprod-value", "set", "DB_URL", "--project", "ml-api", "--environment", "production", "--token-stdin", "--tls-fingerprint", _fingerprint).ExitCode.ShouldBe(0);

        var table = Run($"{_token}\n", "list", "--project", "ml-api", "--token-stdin", "--tls-fingerprint", _fingerprint);
        table.ExitCode.ShouldBe(0, table.Stderr);
        table.Stdout.ShouldContain("HF_TOKEN");
        table.Stdout.ShouldContain("production");
        table.Stdout.ShouldContain("root");
        var json = Run($"{_token}\n", "list", "--project", "ml-api", "--format", "json", "--token-stdin", "--tls-fingerprint", _fingerprint);
        JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["HF_TOKEN", "DB_URL"]);
        (table.Stdout + json.Stdout + set.Stdout + set.Stderr).ShouldNotContain(Value);

        var deleted = Run($"{_token}\n", "delete", "HF_TOKEN", "--project", "ml-api", "--token-stdin", "--tls-fingerprint", _fingerprint);
        deleted.ExitCode.ShouldBe(0, deleted.Stderr);
        var missing = Run($"{_token}\n", "delete", "HF_TOKEN", "--project", "ml-api", "--token-stdin", "--tls-fingerprint", _fingerprint);
        missing.ExitCode.ShouldBe(2);
        missing.Stderr.ShouldContain("404 not found: no such secret");
    }

    [Fact]
    public void The_self_signed_certificate_is_refused_without_the_matching_fingerprint()
    {
        var unpinned = Run($"{_token}\n", "list", "--project", "ml-api", "--token-stdin");
        unpinned.ExitCode.ShouldBe(3);
        unpinned.Stderr.ShouldContain("not trusted");
        var wrong = Run($"{_token}\n", "list", "--project", "ml-api", "--token-stdin", "--tls-fingerprint", new string('A', 64));
        wrong.ExitCode.ShouldBe(3);
        wrong.Stderr.ShouldContain("--tls-fingerprint");
    }

    [Fact]
    public void Refusals_and_bad_input_exit_2_with_the_servers_problem()
    {
        var noScope = Run($"{_readToken}\n{Value}", "set", "X", "--project", "ml-api", "--token-stdin", "--tls-fingerprint", _fingerprint);
        noScope.ExitCode.ShouldBe(2);
        noScope.Stderr.ShouldContain("403");
        noScope.Stderr.ShouldContain("secrets:write");
        Run($"{_token}\n{Value}", "set", "1BAD", "--project", "ml-api", "--token-stdin").Stderr.ShouldContain("secret name");
        Run($"{_token}\n", "set", "EMPTY", "--project", "ml-api", "--token-stdin", "--tls-fingerprint", _fingerprint).ExitCode.ShouldBe(2);
        var noToken = CliRun.Executable(Value, _temp.Path, "secrets", "set", "X", "--project", "ml-api", "--server", _url);
        noToken.ExitCode.ShouldBe(2);
        noToken.Stderr.ShouldContain("BULWARK_TOKEN");
        var plainHttp = CliRun.Executable($"{_token}\n", _temp.Path, "secrets", "list", "--project", "ml-api", "--token-stdin", "--server", "http://ci.example.com");
        plainHttp.ExitCode.ShouldBe(2);
        plainHttp.Stderr.ShouldContain("loopback");
        CliRun.Executable(null, _temp.Path, "secrets", "set", "X", "--project", "ml-api", "--server", _url, Value).ExitCode.ShouldBe(2, "a value on the command line is a usage error");
    }

    [Fact]
    public void Rotate_master_key_refuses_while_the_server_runs()
    {
        var result = CliRun.Executable(null, _temp.Path, "--data-dir", _temp.Combine("data"), "secrets", "rotate-master-key");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("in use");
        File.Exists(Path.Combine(_temp.Combine("data"), SecretKeyRing.NextKeyFileName)).ShouldBeFalse();
    }
}
