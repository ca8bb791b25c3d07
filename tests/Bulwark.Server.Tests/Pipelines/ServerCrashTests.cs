using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Runner.Tests.Gates;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Pipelines;

/// <summary>
/// The real <c>bulwark server</c> process, killed with SIGKILL while a job runs (no shutdown code, as a crash or the
/// OOM killer): its sandboxed job dies with it, and the server started again on the same data directory runs the
/// job again to success. Nothing is lost and nothing keeps running unsupervised.
/// </summary>
public sealed class ServerCrashTests : IAsyncLifetime
{
    private readonly BulwarkCli _cli = new();
    private readonly LocalRepository _repository = new();
    private readonly TempDirectory _data = new("bulwark-crash-data-");
    private readonly TempDirectory _work = new("bulwark-crash-work-");
    private string _token = "";

    public async Task InitializeAsync()
    {
        (await CliAsync("a-long-passphrase-42\n", "admin", "create-user", "--username", "root", "--password-stdin", "--admin")).ExitCode.ShouldBe(0);
        var token = await CliAsync(null, "admin", "create-token", "--username", "root", "--name", "crash", "--scopes", "all");
        token.ExitCode.ShouldBe(0, token.Output);
        _token = token.Output.Trim();
    }

    public Task DisposeAsync()
    {
        _work.Dispose();
        _data.Dispose();
        _repository.Dispose();
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Killing_the_server_process_mid_job_loses_nothing_and_leaves_no_job_running()
    {
        var marker = UniqueSleep();
        var pipeline = $"on: {{ push: {{ branches: [main] }} }}\njobs:\n  train:\n    steps:\n      - run: echo started; sleep {marker}\n      - run: echo trained\n";
        var commit = _repository.Commit("train", (".bulwark.yml", pipeline));
        string[] arguments = ["--allow-local-repositories", "--embedded-runners", "1", "--work-dir", _work.Path];
        Guid runId;

        await using (var first = await ServerProcess.StartAsync(_cli.Command, _data.Path, arguments))
        {
            using var admin = Client(first);
            var created = await admin.PostAsJsonAsync("/api/v1/projects", new { name = "ml-api", repositoryUrl = _repository.Url });
            created.EnsureSuccessStatusCode();
            var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
            runId = await (await admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), secret)).CreatedRunAsync();
            var clock = Stopwatch.StartNew();
            while (!(await admin.LogAsync(runId, "train")).Contains("started", StringComparison.Ordinal))
            {
                clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), first.Output);
                await Task.Delay(100);
            }
            SleepingJobs(marker).ShouldNotBeEmpty("the job's sleep runs under the first server");

            await first.KillAsync();
        }

        // bubblewrap's --die-with-parent takes the sandbox down with the server; nothing is left running the old job.
        var gone = Stopwatch.StartNew();
        while (SleepingJobs(marker).Count > 0)
        {
            gone.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the job outlived the killed server");
            await Task.Delay(100);
        }

        await using var second = await ServerProcess.StartAsync(_cli.Command, _data.Path, arguments);
        using var again = Client(second);
        var run = await again.WaitForRunAsync(runId);
        var log = await again.LogAsync(runId, "train");
        run.GetProperty("status").GetString().ShouldBe("succeeded", log + "\n" + second.Output);
        run.GetProperty("jobs")[0].GetProperty("attempt").GetInt32().ShouldBe(2, "the killed attempt is re-queued, not forgotten");
        log.ShouldContain("trained");
    }

    private HttpClient Client(ServerProcess server)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }

    /// <summary>A sleep of about 8 s whose exact argument finds this test's job among the machine's processes.</summary>
    private static string UniqueSleep() => "8." + Random.Shared.Next(100_000, 999_999);

    private static List<int> SleepingJobs(string token)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0').Contains(token))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }
        return found;
    }

    private async Task<(int ExitCode, string Output)> CliAsync(string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(_cli.Command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in _cli.Command.Skip(1).Concat(["--data-dir", _data.Path]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
