using System.Collections.Concurrent;
using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Remote;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Server.Tests.Runners;

/// <summary>
/// A remote runner agent in the test process, as <c>bulwark runner</c> wires it: the real job runner with git checkout and
/// bubblewrap, talking to the server over loopback HTTP with its credential. Its status lines are kept for assertions.
/// </summary>
internal sealed class InProcessRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;

    private InProcessRunner(Uri server, RunnerRegistered runner, IReadOnlyList<string> gateCommand, string workRoot, RemoteRunnerOptions options)
    {
        Runner = runner;
        var runnerOptions = new RunnerOptions { WorkRoot = workRoot, GateCommand = gateCommand };
        var jobs = new JobRunner(runnerOptions, new GitCheckout(new GitOptions { AllowLocalRepositories = true }),
            SandboxExecutors.Create(runnerOptions, TimeProvider.System), TimeProvider.System);
        _http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        var agent = new RemoteRunnerAgent(new RunnerClient(_http), runner.Credential, options, jobs.RunAsync, TimeProvider.System, Reports.Enqueue);
        Completion = Task.Run(() => agent.RunAsync(_stop.Token));
    }

    public RunnerRegistered Runner { get; }

    public ConcurrentQueue<string> Reports { get; } = new();

    public Task<RemoteRunnerExit> Completion { get; }

    public static InProcessRunner Start(Uri server, RunnerRegistered runner, IReadOnlyList<string> gateCommand, string workRoot, RemoteRunnerOptions? options = null) =>
        new(server, runner, gateCommand, workRoot, options ?? new RemoteRunnerOptions());

    /// <summary>Asks it to stop (as SIGTERM does) and waits until it has.</summary>
    public async Task<RemoteRunnerExit> StopAsync()
    {
        await _stop.CancelAsync();
        return await Completion.WaitAsync(TimeSpan.FromSeconds(120));
    }

    public string AllReports => string.Join('\n', Reports);

    /// <summary>Waits until a status line contains <paramref name="text"/>; the agent reports on its own schedule.</summary>
    public async Task WaitForReportAsync(string text, TimeSpan within)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!Reports.Any(r => r.Contains(text, StringComparison.OrdinalIgnoreCase)))
        {
            clock.Elapsed.ShouldBeLessThan(within, $"no report containing \"{text}\":\n{AllReports}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
        _stop.Dispose();
    }
}
