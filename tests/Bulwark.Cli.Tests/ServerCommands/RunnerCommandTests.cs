using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Bulwark.Server;
using Bulwark.Server.Access;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Operations;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bulwark.Cli.Tests.ServerCommands;

/// <summary>
/// <c>bulwark runner</c> as the built executable against a real server on its self-signed HTTPS, trusted through the
/// pinned fingerprint only: registration with a token from <c>bulwark admin create-runner-token</c>, the credential kept
/// in a 0600 file, a sandboxed job with a masked secret, a graceful stop on SIGTERM, a restart without a token, and
/// refusals (a used token, a disabled runner).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class RunnerCommandTests : IAsyncLifetime
{
    private const string Secret = "hf_runnerCli-9aB8cD7eF6gH5iJ4";
    private readonly TempDirectory _temp = new("bulwark-cli-runner-");

    // Beside _temp, not in it: the sandbox user must be able to reach the workspaces, and _temp is private (0700).
    private readonly TempDirectory _work = new("bulwark-cli-runner-work-");
    private WebApplication _app = null!;
    private string _url = "";
    private string _fingerprint = "";
    private HttpClient _admin = null!;

    private string ServerData => _temp.Combine("server");

    private string RunnerData => _temp.Combine("runner-data");

    public async Task InitializeAsync()
    {
        var options = new ServerOptions { DataDirectory = ServerData, Listen = "127.0.0.1:0", AllowLocalRepositories = true, EmbeddedRunners = 0 };
        _app = ServerApp.Build(options, logging: l => l.SetMinimumLevel(LogLevel.Warning));
        await ServerApp.PrepareAsync(_app, CancellationToken.None);
        await _app.StartAsync();
        _url = _app.Urls.First();
        _fingerprint = _app.Services.GetRequiredService<ServerIdentity>().CertificateFingerprint!;
        string token;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            (await UserAccounts.CreateAsync(scope.ServiceProvider, "root", "violet-harbour-lantern-42", true, null, "cli", null, CancellationToken.None)).Errors.ShouldBeEmpty();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<BulwarkUser>>().FindByNameAsync("root");
            token = scope.ServiceProvider.GetRequiredService<ApiTokenService>().Issue(user!.Id, "cli", TokenScopes.Parse("all")!, null, true).Plaintext;
            await scope.ServiceProvider.GetRequiredService<Server.Storage.BulwarkDbContext>().SaveChangesAsync();
        }
        var pin = _fingerprint.Replace(":", "", StringComparison.Ordinal);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)) == pin,
        };
        _admin = new HttpClient(handler) { BaseAddress = new Uri(_url) };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var repository = _temp.Combine("repo");
        Directory.CreateDirectory(repository);
        TestGit.InitRepository(repository);
        File.WriteAllText(Path.Combine(repository, ".bulwark.yml"), """
            on: { manual: {} }
            jobs:
              build:
                runs-on: [gpu]
                secrets: [HF_TOKEN]
                steps:
                  - run: echo hello-from-a-remote-runner; echo "$HF_TOKEN"
            """);
        TestGit.Run(repository, "add", "--all");
        TestGit.Run(repository, "commit", "--quiet", "-m", "pipeline");
        (await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "ml-api", repositoryUrl = "file://" + repository })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _admin.PutAsJsonAsync("/api/v1/projects/ml-api/secrets/HF_TOKEN", new { value = Secret })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task A_runner_registers_once_runs_a_job_stops_on_sigterm_and_starts_again_without_a_token()
    {
        var created = CliRun.Executable(null, _temp.Path, "--data-dir", ServerData, "admin", "create-runner-token", "--expires-minutes", "30");
        created.ExitCode.ShouldBe(0, created.Stderr);
        var registration = created.Stdout.Trim();
        registration.ShouldStartWith("bwreg_");

        using (var runner = StartRunner("--token", registration, "--name", "cli-box", "--labels", "gpu"))
        {
            var banner = await ReadUntilAsync(runner, "polling");
            banner.ShouldContain("registered as cli-box");
            banner.ShouldNotContain(registration);
            var state = Path.Combine(RunnerData, "runner", "runner.json");
            File.GetUnixFileMode(state).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(state)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            JsonDocument.Parse(File.ReadAllText(state)).RootElement.GetProperty("credential").GetString()!.ShouldStartWith("bwr_");

            var triggered = await _admin.PostAsJsonAsync("/api/v1/projects/ml-api/runs", new { @ref = "main" });
            triggered.StatusCode.ShouldBe(HttpStatusCode.Created, await triggered.Content.ReadAsStringAsync());
            var runId = (await triggered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var run = await WaitForRunAsync(runId!);
            var log = await _admin.GetStringAsync($"/api/v1/runs/{runId}/jobs/build/log");
            run.GetProperty("status").GetString().ShouldBe("succeeded", log);
            log.ShouldContain("hello-from-a-remote-runner");
            log.ShouldNotContain(Secret);
            log.ShouldContain("***");

            Signal(runner.Id, "TERM");
            (await WaitForExitAsync(runner)).ShouldBe(0, await runner.StandardError.ReadToEndAsync());
            (await runner.StandardOutput.ReadToEndAsync()).ShouldContain("stopped");
        }

        using (var again = StartRunner())
        {
            var banner = await ReadUntilAsync(again, "polling");
            banner.ShouldNotContain("registered as", customMessage: "the saved credential is used; no token is needed");
            banner.ShouldContain("gpu");
            Signal(again.Id, "TERM");
            (await WaitForExitAsync(again)).ShouldBe(0);
        }

        var reused = CliRun.Executable(null, _temp.Path, "--data-dir", _temp.Combine("another-runner"), "runner", "--server", _url, "--tls-fingerprint", _fingerprint, "--token", registration);
        reused.ExitCode.ShouldBe(2, reused.Stdout);
        reused.Stderr.ShouldContain("401");

        var runners = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/runners");
        var id = runners.EnumerateArray().Single().GetProperty("id").GetString();
        (await _admin.PostAsync($"/api/v1/runners/{id}/disable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var refused = StartRunner();
        (await WaitForExitAsync(refused)).ShouldBe(2);
        (await refused.StandardError.ReadToEndAsync()).ShouldContain("no longer accepts this runner");
    }

    [Fact]
    public void Bad_settings_are_refused_before_anything_is_registered()
    {
        var unpinned = CliRun.Executable(null, _temp.Path, "--data-dir", RunnerData, "runner", "--server", _url, "--token", "bwreg_abcdefghijkl_x");
        unpinned.ExitCode.ShouldBe(3);
        unpinned.Stderr.ShouldContain("not trusted");
        var noToken = CliRun.Executable(null, _temp.Path, "--data-dir", RunnerData, "runner", "--server", _url, "--tls-fingerprint", _fingerprint);
        noToken.ExitCode.ShouldBe(2);
        noToken.Stderr.ShouldContain("--token");
        CliRun.Executable(null, _temp.Path, "--data-dir", RunnerData, "runner", "--server", "http://ci.example.com", "--token", "t").Stderr.ShouldContain("loopback");
        CliRun.Executable(null, _temp.Path, "--data-dir", RunnerData, "runner", "--server", _url, "--concurrency", "0").ExitCode.ShouldBe(2);
        CliRun.Executable(null, _temp.Path, "--data-dir", RunnerData, "runner", "--server", _url, "--labels", "a b").ExitCode.ShouldBe(2);
        File.Exists(Path.Combine(RunnerData, "runner", "runner.json")).ShouldBeFalse();

        var exposed = _temp.Write("exposed/runner/runner.json", """{"server":"x","id":"y","name":"z","labels":[],"credential":"bwr_y_z"}""");
        File.SetUnixFileMode(exposed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var refused = CliRun.Executable(null, _temp.Path, "--data-dir", _temp.Combine("exposed"), "runner", "--server", _url, "--tls-fingerprint", _fingerprint);
        refused.ExitCode.ShouldBe(2);
        refused.Stderr.ShouldContain("others can read");
        refused.Stderr.ShouldNotContain("bwr_y_z");
    }

    private Process StartRunner(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "bulwark.dll"), "--data-dir", RunnerData, "runner", "--server", _url,
                     "--tls-fingerprint", _fingerprint, "--allow-local-repositories", "--work-dir", _work.Path }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    private async Task<JsonElement> WaitForRunAsync(string runId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
            if (run.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return run;
            }
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), run.ToString());
            await Task.Delay(200);
        }
    }

    private static async Task<string> ReadUntilAsync(Process process, string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return seen.ToString();
            }
        }
        throw new InvalidOperationException($"the runner exited before printing '{marker}': {seen}{await process.StandardError.ReadToEndAsync()}");
    }

    private static async Task<int> WaitForExitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    private static void Signal(int pid, string signal)
    {
        var info = new ProcessStartInfo("kill");
        info.ArgumentList.Add("-" + signal);
        info.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info)!;
        kill.WaitForExit();
    }
}
