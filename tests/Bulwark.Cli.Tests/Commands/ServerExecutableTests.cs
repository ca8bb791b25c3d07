using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary>
/// `bulwark server` as a user runs it: the built executable on the embedded default (SQLite in the data
/// directory), accounts made with `bulwark admin` beside the running server, the contract API over HTTP, and a
/// graceful stop on SIGTERM.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ServerExecutableTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-server-exe-");

    private string DataDir => _temp.Combine("data");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Server_serves_the_contract_api_and_stops_cleanly_on_sigterm()
    {
        var port = LoopbackPort.Free();
        using var server = Start(DataDir, "server", "--listen", $"127.0.0.1:{port}", "--insecure-http");
        var banner = await ReadUntilAsync(server, "setup token:");
        banner.ShouldContain($"http://127.0.0.1:{port}");
        File.GetUnixFileMode(Path.Combine(DataDir, "master.key")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var created = CliRun.Executable("violet-harbour-lantern-42\n", _temp.Path, "--data-dir", DataDir, "admin", "create-user", "--username", "root", "--password-stdin", "--admin");
        created.ExitCode.ShouldBe(0, created.Stderr);
        var token = CliRun.Executable(null, _temp.Path, "--data-dir", DataDir, "admin", "create-token", "--username", "root", "--name", "ci", "--scopes", "all");
        token.ExitCode.ShouldBe(0, token.Stderr);
        token.Stdout.Trim().ShouldStartWith("bwk_");
        token.Stdout.Trim().ShouldNotContain(" ");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        (await http.GetStringAsync("/healthz")).ShouldBe("ok\n");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Stdout.Trim());
        var project = await http.PostAsJsonAsync("/api/v1/projects", new { name = "ml-api", repositoryUrl = "https://git.example/acme/ml-api.git" });
        project.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await project.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString().ShouldNotBeNullOrEmpty();
        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/projects");
        list.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["ml-api"]);

        Signal(server.Id, "TERM");
        (await WaitForExitAsync(server, TimeSpan.FromSeconds(20))).ShouldBe(0);
    }

    [Fact]
    public void Plain_http_on_a_public_address_is_refused_naming_the_setting()
    {
        var result = CliRun.Executable(null, _temp.Path, "--data-dir", DataDir, "server", "--listen", "0.0.0.0:0", "--insecure-http");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("insecure-http");
    }

    [Fact]
    public async Task Default_start_serves_https_with_a_generated_certificate_and_prints_its_fingerprint()
    {
        var port = LoopbackPort.Free();
        using var server = Start(DataDir, "server", "--listen", $"127.0.0.1:{port}");
        var banner = await ReadUntilAsync(server, "setup token:");
        var fingerprint = banner.Split('\n').Single(l => l.StartsWith("TLS certificate SHA-256 fingerprint: ", StringComparison.Ordinal))["TLS certificate SHA-256 fingerprint: ".Length..].Trim();
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)) == fingerprint.Replace(":", "", StringComparison.Ordinal),
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
        var health = await http.GetAsync("/healthz");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        health.Headers.GetValues("Strict-Transport-Security").ShouldHaveSingleItem();
        Signal(server.Id, "TERM");
        (await WaitForExitAsync(server, TimeSpan.FromSeconds(20))).ShouldBe(0);
    }

    private static Process Start(string dataDir, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bulwark.dll"));
        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(dataDir);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    /// <summary>Reads stdout until a line containing <paramref name="marker"/>; fails with stderr after 60 s.</summary>
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
        throw new InvalidOperationException($"the server exited before printing '{marker}': {seen}{await process.StandardError.ReadToEndAsync()}");
    }

    private static async Task<int> WaitForExitAsync(Process process, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    private static void Signal(int pid, string signal)
    {
        var info = new ProcessStartInfo("kill");
        info.ArgumentList.Add("-" + signal);
        info.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(info)!;
        kill.WaitForExit();
    }
}
