using System.Globalization;
using System.Text;
using System.Text.Json;
using Bulwark.Core.Masking;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Logs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Gates;

/// <summary>
/// Runs a <c>uses: bulwark/GATE</c> step: the bulwark CLI (<see cref="RunnerOptions.GateCommand"/>) inside the
/// job's sandbox against the workspace, writing its JSON report into a fresh output directory bound into the
/// sandbox; then reports it to the session and summarises it in the log. Exit code 0 passes, 1 fails by the
/// gate's policy, anything else is an error of the gate itself (the step fails either way).
/// </summary>
internal sealed class GateStepRunner(RunnerOptions options, ISandboxExecutor executor)
{
    private const string ReportName = "report.json";

    /// <param name="outputDirectory">An empty host directory for this step, owned by the runner.</param>
    /// <param name="secrets">The job's secrets; a gate gets only those its secret parameters reference (<see cref="GateSecrets"/>).</param>
    /// <param name="jobEgress">Whether the job asked for <c>network: egress</c>; only gates that use the job's network get it.</param>
    public async Task<StepOutcome> RunAsync(int index, JobStep step, string workspace, string outputDirectory, IReadOnlyDictionary<string, string> environment,
        IReadOnlyDictionary<string, string> secrets, bool jobEgress, TimeSpan timeout, JobLog log, IJobSession session, SecretMasker masker, CancellationToken cancellationToken)
    {
        var gate = GateCatalog.Find(step.Uses ?? "");
        if (gate is null)
        {
            return await FailAsync(log, $"unknown gate '{step.Uses}' (known: {string.Join(", ", GateCatalog.All.Select(g => "bulwark/" + g.Name))})");
        }
        executor.GrantWrite(outputDirectory);
        var paths = executor.PathsFor(workspace, outputDirectory);
        List<string> args;
        Dictionary<string, string> secretEnvironment;
        try
        {
            args = GateArguments.Build(gate, step.With, paths.Workspace);
            secretEnvironment = GateSecrets.Resolve(gate, step.With, secrets);
        }
        catch (GateUsageException ex)
        {
            return await FailAsync(log, ex.Message);
        }

        var command = new List<string>(options.GateCommand);
        var gateEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // The CLI keeps state in its data directory: a private one, never the workspace (it would be scanned).
            ["BULWARK_DATA_DIR"] = paths.Output + "/data",
        };
        foreach (var (name, value) in secretEnvironment)
        {
            gateEnvironment[name] = value;
        }
        if (gate.UsesJobNetwork && !jobEgress)
        {
            await log.WriteLineAsync($"note: the job has no network (network: none), so gate {gate.Name} reaches nothing outside its sandbox; give the job 'network: egress' to reach a deployed service", CancellationToken.None);
        }
        var binds = GateBinds();
        if (gate.NeedsAdvisoryDatabase && options.AdvisoryDatabase is { } database)
        {
            var full = Path.GetFullPath(database);
            binds.Add(full);
            command.AddRange(["--data-dir", Path.GetDirectoryName(full)!]);
        }
        command.AddRange(gate.Command);
        command.AddRange(args);
        var report = paths.Output + "/" + ReportName;
        if (gate.WritesJsonReport)
        {
            command.AddRange(["--format", "json", "--output", report, "--no-progress"]);
        }

        var request = new SandboxRequest
        {
            Command = command,
            Workspace = workspace,
            Environment = gateEnvironment,
            NetworkEgress = gate.UsesJobNetwork && jobEgress,
            Timeout = timeout,
            ReadOnlyBinds = binds,
            OutputDirectory = outputDirectory,
        };
        var result = await executor.RunAsync(request, log.WriteAsync, cancellationToken);
        if (result.TimedOut || result.Cancelled)
        {
            return StepRunner.Outcome(index, step, result);
        }
        if (result.ExitCode is not (0 or 1))
        {
            return await FailAsync(log, string.Create(CultureInfo.InvariantCulture,
                $"gate {gate.Name} could not run (exit code {result.ExitCode}): see its output above"), result);
        }
        var passed = result.ExitCode == 0;
        string json;
        try
        {
            json = gate.WritesJsonReport
                ? ReadReport(Path.Combine(outputDirectory, ReportName))
                : ExitCodeReport(gate.Name, passed, result.ExitCode!.Value);
            if (gate.WritesJsonReport)
            {
                foreach (var line in GateReportSummary.Lines(gate.Name, passed, json))
                {
                    await log.WriteLineAsync(line, CancellationToken.None);
                }
            }
            else
            {
                await log.WriteLineAsync($"gate {gate.Name}: {(passed ? "passed" : "FAILED")}", CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return await FailAsync(log, $"gate {gate.Name} wrote no usable report: {ex.Message}", result);
        }
        await session.ReportGateAsync(index, gate.Name, passed, masker.Mask(json), CancellationToken.None);
        return passed
            ? new StepOutcome(new StepResult(StepConclusion.Succeeded, 0, result.Duration), null)
            : new StepOutcome(new StepResult(StepConclusion.Failed, 1, result.Duration), $"step {index + 1} '{step.Name}': gate {gate.Name} failed its policy");
    }

    /// <summary>The directories of the absolute paths in the gate command (the CLI and its files), read-only at the same path.</summary>
    private List<string> GateBinds()
    {
        var binds = new List<string>();
        foreach (var part in options.GateCommand)
        {
            if (!Path.IsPathFullyQualified(part) || part.StartsWith("/usr/", StringComparison.Ordinal))
            {
                continue;
            }
            var directory = Directory.Exists(part) ? part : Path.GetDirectoryName(part);
            if (directory is not null && !binds.Contains(directory, StringComparer.Ordinal))
            {
                binds.Add(directory);
            }
        }
        return binds;
    }

    private string ReadReport(string path)
    {
        using var stream = RegularFile.OpenRead(path);
        if (stream.Length > options.MaxGateReportBytes)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"the report has {stream.Length} bytes, more than the limit of {options.MaxGateReportBytes}"));
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The report of a gate without a JSON format of its own (verify): the gate, the verdict and the exit code.</summary>
    private static string ExitCodeReport(string gate, bool passed, int exitCode)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("gate", gate);
            json.WriteBoolean("passed", passed);
            json.WriteNumber("exitCode", exitCode);
            json.WriteStartArray("findings");
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<StepOutcome> FailAsync(JobLog log, string reason, SandboxResult? result = null)
    {
        await log.WriteLineAsync("error: " + reason, CancellationToken.None);
        return new StepOutcome(new StepResult(StepConclusion.Failed, result?.ExitCode, result?.Duration ?? TimeSpan.Zero), reason);
    }
}
