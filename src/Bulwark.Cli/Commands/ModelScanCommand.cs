using System.CommandLine;
using System.Text.Json;
using Bulwark.Cli.Output;
using Bulwark.Core.Configuration;
using Bulwark.Core.Policy;
using Bulwark.Core.Reports;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Pickle;
using Bulwark.Ml.ModelFiles.Scan;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark model scan PATH...</c>: model files, folders and archives, sniffed by content. Exit codes as in
/// <see cref="ExitCodes"/>; default threshold <c>high</c> (unknown globals are medium, high with <c>--strict</c>).
/// <c>--list-globals</c> prints every imported global with its classification instead of findings.
/// </summary>
internal sealed class ModelScanCommand(TextWriter output, TextWriter error)
{
    public const string DefaultFailOn = "high";

    private readonly GateOptions _gate = new();
    private readonly Argument<string[]> _paths = new("PATH") { Description = "Model files, folders or archives", Arity = ArgumentArity.OneOrMore };
    private readonly Option<bool> _strict = new("--strict") { Description = "Report globals that are neither known-safe nor known-dangerous at high severity" };
    private readonly Option<bool> _listGlobals = new("--list-globals") { Description = "Print every global the files import, with its classification (for writing allowlists)" };
    private readonly Option<string[]> _allow = new("--allow-global") { Description = "Trust this global: module.name or module.* (repeatable; adds to bulwark.toml's allow_globals)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Skip paths matching this gitignore-style pattern (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<int?> _jobs = new("--jobs", "-j") { Description = "Worker threads (default: one per core)" };

    public Command Build()
    {
        var command = new Command("scan", "Find malicious constructs in model files (pickle, PyTorch, NumPy, joblib, Keras, TensorFlow, ONNX, safetensors, GGUF)");
        command.Arguments.Add(_paths);
        command.Options.Add(_strict);
        command.Options.Add(_listGlobals);
        command.Options.Add(_allow);
        command.Options.Add(_exclude);
        command.Options.Add(_jobs);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_jobs) is < 1)
        {
            return Usage("--jobs must be at least 1");
        }
        var allow = parse.GetValue(_allow) ?? [];
        if (allow.FirstOrDefault(a => a.LastIndexOf('.') is <= 0 || a.EndsWith('.')) is { } bad)
        {
            return Usage($"--allow-global: '{bad}' is not module.name or module.*");
        }
        var request = new ModelScanRequest(parse.GetValue(_paths) ?? [])
        {
            Strict = parse.GetValue(_strict) ? true : null,
            AllowGlobals = allow,
            Exclude = parse.GetValue(_exclude) ?? [],
            Parallelism = parse.GetValue(_jobs),
        };
        ReportFormats.TryParse(parse.GetValue(_gate.Format), out var format);
        Baseline? baseline;
        ModelScanOutcome outcome;
        try
        {
            baseline = GateReport.LoadBaseline(parse, _gate);
            outcome = Scan(request, format, parse.GetValue(_gate.NoProgress), cancellationToken);
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException)
        {
            return Usage(ex.Message);
        }
        if (parse.GetValue(_listGlobals))
        {
            GlobalsListing.Write(outcome.Globals, format, output);
            return ExitCodes.Clean;
        }
        var failOn = parse.GetValue(_gate.FailOn) ?? outcome.ConfiguredFailOn ?? DefaultFailOn;
        return GateReport.Finish(outcome.Report, parse, _gate, failOn, baseline, output, error);
    }

    private static ModelScanOutcome Scan(ModelScanRequest request, ReportFormat format, bool noProgress, CancellationToken cancellationToken) =>
        FileProgress.Run(Terminal.ShowProgress(format == ReportFormat.Table, noProgress), "Listing files", task =>
            new ModelScanService(TimeProvider.System, ModelFormats.All, allowed => GlobalPolicy.Default.WithAllowed(allowed), ModelFormats.ZipTail).Run(
                request,
                new ModelScanService.Progress(FileProgress.Listed(task, count => $"Scanning {count} files"), FileProgress.Done(task)),
                cancellationToken));

    private int Usage(string message)
    {
        error.WriteLine($"bulwark: {message}");
        return ExitCodes.UsageError;
    }
}
