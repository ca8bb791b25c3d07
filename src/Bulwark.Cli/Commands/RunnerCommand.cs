using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Bulwark.Core.Configuration;
using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Remote;
using Bulwark.Runner.Sandbox;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Server.Runners;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark runner --server URL --token T</c>: a remote runner. The first start registers with the one-time token and
/// keeps the credential it gets in <c>{data-dir}/runner/runner.json</c> (0600), so later starts need no token; then it
/// long-polls the server for jobs its labels cover and runs them in bubblewrap sandboxes. SIGTERM or Ctrl+C stops it
/// gracefully: no new job is taken, running jobs get <c>--drain-timeout</c> to finish and are then handed back (a second
/// signal ends it at once). Exit 0 stopped, 2 refused (bad option, token or credential), 3 internal error.
/// </summary>
internal static class RunnerCommand
{
    public const string Name = "runner";
    public const string TokenVariable = "BULWARK_RUNNER_TOKEN";

    /// <summary>Labels every remote runner has besides its own; a job's <c>runs-on</c> must be among a runner's labels.</summary>
    public static readonly IReadOnlyList<string> ImplicitLabels = ["remote", "self-hosted", "linux"];

    public static Command Build(TextWriter output, TextWriter error)
    {
        var server = new Option<string?>("--server") { Description = $"Server URL, e.g. https://ci.example:8443. Env: {ServerClient.ServerVariable}" };
        var token = new Option<string?>("--token") { Description = $"One-time registration token (bwreg_…), needed on the first start only. Env: {TokenVariable}" };
        var name = new Option<string?>("--name") { Description = "The runner's name as administrators see it (default: this machine's name)" };
        var labels = new Option<string?>("--labels") { Description = "Comma-separated labels jobs can ask for with runs-on (remote, self-hosted and linux are always added)" };
        var workDir = new Option<string?>("--work-dir") { Description = "Where job workspaces are created (default: a bulwark-runner directory in the system temp directory)" };
        var concurrency = new Option<int>("--concurrency") { Description = "Jobs run at once (1-64)", DefaultValueFactory = _ => 1 };
        var fingerprint = new Option<string?>("--tls-fingerprint") { Description = $"Trust the server's certificate only if its SHA-256 fingerprint is this (for the self-signed default). Env: {ServerClient.FingerprintVariable}" };
        var unsafeExecutor = new Option<bool>("--unsafe-process-executor") { Description = "Run jobs as plain processes WITHOUT a sandbox (only for machines without bubblewrap; jobs can then read this runner's credential)" };
        var allowLocal = new Option<bool>("--allow-local-repositories") { Description = "Check out file:// repositories on this machine (tests, demos, mirrors)" };
        var drain = new Option<int>("--drain-timeout") { Description = "Seconds running jobs get to finish after SIGTERM before they are handed back (0-86400)", DefaultValueFactory = _ => 60 };
        var advisoryDb = new Option<string?>("--advisory-db") { Description = "The osv folder of a data directory filled by `bulwark deps db update`, readable by the sandbox user; given read-only to bulwark/deps-audit gate steps" };
        var command = new Command(Name, "Run a remote runner: register with a one-time token, then take jobs from the server");
        foreach (var option in new Option[] { server, token, name, labels, workDir, concurrency, fingerprint, unsafeExecutor, allowLocal, drain, advisoryDb })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new RunnerSettings(
                DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption)),
                parse.GetValue(server) ?? Environment.GetEnvironmentVariable(ServerClient.ServerVariable),
                parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable),
                parse.GetValue(name),
                parse.GetValue(labels),
                parse.GetValue(workDir),
                parse.GetValue(concurrency),
                parse.GetValue(fingerprint) ?? Environment.GetEnvironmentVariable(ServerClient.FingerprintVariable),
                parse.GetValue(unsafeExecutor),
                parse.GetValue(allowLocal),
                parse.GetValue(drain),
                parse.GetValue(advisoryDb));
            return await RunAsync(settings, output, error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RunnerSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var log = new RunnerLog(output);
        async Task<int> Refuse(string problem)
        {
            await error.WriteLineAsync($"bulwark runner: {problem}");
            return ExitCodes.UsageError;
        }
        if (ServerClient.ParseServer(settings.Server, out var problem) is not { } baseUri)
        {
            return await Refuse(problem!);
        }
        if (!ServerClient.TryParsePin(settings.Fingerprint, out var pin, out problem))
        {
            return await Refuse(problem!);
        }
        if (settings.Concurrency is < 1 or > RemoteRunnerOptions.MaxConcurrency)
        {
            return await Refuse($"--concurrency must be 1-{RemoteRunnerOptions.MaxConcurrency}");
        }
        if (settings.DrainSeconds is < 0 or > 86_400)
        {
            return await Refuse("--drain-timeout must be 0-86400 seconds");
        }
        var wanted = RequestedLabels(settings.Labels);
        if (wanted.Count > RunnerRegistry.MaxLabels || wanted.Any(l => !RunnerRegistry.IsLabel(l)))
        {
            return await Refuse($"--labels: at most {RunnerRegistry.MaxLabels} labels of 1-{RunnerRegistry.MaxLabelLength} letters, digits, '.', '_' or '-'");
        }
        var runnerName = settings.Name ?? DefaultName();
        if (!RunnerRegistry.IsName(runnerName))
        {
            return await Refuse($"--name must be 1-{RunnerRegistry.MaxNameLength} letters, digits, '.', '_' or '-'");
        }
        if (settings.AdvisoryDatabase is { } advisories && !File.Exists(Path.Combine(advisories, IndexFormat.FileName)))
        {
            return await Refuse($"--advisory-db: '{advisories}' holds no {IndexFormat.FileName}; give the osv folder of a data directory after `bulwark deps db update --data-dir DIR`");
        }
        var runnerOptions = new RunnerOptions
        {
            WorkRoot = Path.GetFullPath(settings.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"bulwark-runner-{Environment.UserName}")),
            Sandboxed = !settings.UnsafeExecutor,
            GateCommand = RunnerWorkDefaults.GateCommand(),
            AdvisoryDatabase = settings.AdvisoryDatabase is { } database ? Path.GetFullPath(database) : null,
        };
        JobRunner jobs;
        try
        {
            Directory.CreateDirectory(runnerOptions.WorkRoot);
            jobs = new JobRunner(runnerOptions, new GitCheckout(new GitOptions { AllowLocalRepositories = settings.AllowLocalRepositories }),
                SandboxExecutors.Create(runnerOptions, TimeProvider.System), TimeProvider.System);
        }
        catch (Exception ex) when (ex is SandboxException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return await Refuse($"{ex.Message}{(ex is SandboxException ? " (a machine without bubblewrap can run jobs unsandboxed with --unsafe-process-executor)" : "")}");
        }
        // Registered before anything is announced, so a supervisor's SIGTERM after the banner always drains.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            // The first signal drains; a second one is left to its default action and ends the process at once.
            if (Interlocked.Increment(ref signals) == 1)
            {
                context.Cancel = true;
                log.Write($"{context.Signal}: taking no new jobs; running jobs get {settings.DrainSeconds} s to finish (signal again to stop at once)");
                stop.Cancel();
            }
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var http = new HttpClient(ServerClient.CreateHandler(pin)) { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
        var client = new RunnerClient(http);

        RunnerState state;
        try
        {
            state = await RegisteredAsync(settings, client, baseUri.ToString(), runnerName, wanted, log, stop.Token);
        }
        catch (InvalidDataException ex)
        {
            return await Refuse(ex.Message);
        }
        catch (RunnerRequestRefusedException ex)
        {
            return await Refuse(ex.Message);
        }
        catch (RunnerServerUnavailableException ex)
        {
            await error.WriteLineAsync($"bulwark runner: {ex.Message}");
            return ExitCodes.InternalError;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            log.Write("stopped before registering");
            return ExitCodes.Clean;
        }
        if (settings.UnsafeExecutor)
        {
            await error.WriteLineAsync("bulwark runner: WARNING: --unsafe-process-executor: jobs run WITHOUT a sandbox and can read this runner's credential and everything its user can");
        }
        log.Write(string.Create(CultureInfo.InvariantCulture,
            $"runner {state.Name} ({state.Id}) polling {state.Server} with labels {string.Join(',', state.Labels)}, {settings.Concurrency} slot(s), workspaces in {runnerOptions.WorkRoot}"));

        var agent = new RemoteRunnerAgent(client, state.Credential, new RemoteRunnerOptions
        {
            Concurrency = settings.Concurrency,
            DrainTimeout = TimeSpan.FromSeconds(settings.DrainSeconds),
        }, jobs.RunAsync, TimeProvider.System, log.Write);
        var exit = await agent.RunAsync(stop.Token);
        if (exit == RemoteRunnerExit.Refused)
        {
            return await Refuse($"the server no longer accepts this runner (disabled?); to register again, delete {RunnerState.PathIn(settings.DataDirectory)} and start with a new --token");
        }
        log.Write("stopped");
        return ExitCodes.Clean;
    }

    /// <summary>The saved registration, or a new one made with the registration token (and saved before it is used).</summary>
    private static async Task<RunnerState> RegisteredAsync(RunnerSettings settings, RunnerClient client, string server, string name, IReadOnlyList<string> labels,
        RunnerLog log, CancellationToken cancellationToken)
    {
        if (RunnerState.Load(settings.DataDirectory) is { } saved)
        {
            if (saved.Server != server)
            {
                throw new InvalidDataException($"{RunnerState.PathIn(settings.DataDirectory)} belongs to a runner of {saved.Server}, not {server}: use another --data-dir for another server");
            }
            if ((settings.Name is not null && saved.Name != name) || (settings.Labels is not null && !saved.Labels.Order(StringComparer.Ordinal).SequenceEqual(labels.Order(StringComparer.Ordinal))))
            {
                log.Write($"note: registered as {saved.Name} with labels {string.Join(',', saved.Labels)}; name and labels are fixed at registration (delete {RunnerState.PathIn(settings.DataDirectory)} and register again to change them)");
            }
            if (!string.IsNullOrEmpty(settings.Token))
            {
                log.Write($"note: already registered as {saved.Name} ({saved.Id}); the registration token was not used");
            }
            return saved;
        }
        if (string.IsNullOrWhiteSpace(settings.Token))
        {
            throw new InvalidDataException($"this runner is not registered yet: give the one-time registration token with --token or {TokenVariable} (an administrator makes one with POST /api/v1/runners/registration-tokens or bulwark admin create-runner-token)");
        }
        var registered = await client.RegisterAsync(settings.Token.Trim(), new RunnerRegistration(name, labels), cancellationToken);
        var state = new RunnerState(server, registered.Id, registered.Name, registered.Labels, registered.Credential);
        state.Save(settings.DataDirectory);
        log.Write($"registered as {registered.Name} ({registered.Id}); credential kept in {RunnerState.PathIn(settings.DataDirectory)}");
        return state;
    }

    private static List<string> RequestedLabels(string? labels) =>
        (labels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(ImplicitLabels).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The machine's name in the runner-name alphabet.</summary>
    private static string DefaultName()
    {
        var cleaned = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
        return cleaned.Length is > 0 and <= RunnerRegistry.MaxNameLength ? cleaned : cleaned.Length == 0 ? "runner" : cleaned[..RunnerRegistry.MaxNameLength];
    }

    private sealed record RunnerSettings(
        string DataDirectory,
        string? Server,
        string? Token,
        string? Name,
        string? Labels,
        string? WorkDirectory,
        int Concurrency,
        string? Fingerprint,
        bool UnsafeExecutor,
        bool AllowLocalRepositories,
        int DrainSeconds,
        string? AdvisoryDatabase)
    {
        /// <summary>Never the token: records would print every property.</summary>
        public override string ToString() => $"runner settings for {Server}";
    }

    /// <summary>Status lines with a UTC timestamp, one writer at a time (slots report concurrently).</summary>
    private sealed class RunnerLog(TextWriter output)
    {
        private readonly Lock _lock = new();

        public void Write(string line)
        {
            lock (_lock)
            {
                output.WriteLine($"{TimeProvider.System.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {line}");
                output.Flush();
            }
        }
    }
}
