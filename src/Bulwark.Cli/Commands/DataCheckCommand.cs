using System.CommandLine;
using Bulwark.Core.Configuration;
using Bulwark.Core.Policy;
using Bulwark.Ml.Data;
using Bulwark.Ml.Data.Reading;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark data check --reference REF --candidate CAND [--label-column label] [--text-column text]</c>: compares
/// a candidate training set with the approved reference. With <c>--manifest</c>, the files are first checked
/// against a signed dataset manifest; with <c>--attest</c>, the report is also written as a signed in-toto
/// attestation. Exit codes as in <see cref="ExitCodes"/>; default threshold <c>high</c> (SARIF level error);
/// an unreadable or malformed file exits 2 with the file, line and column.
/// </summary>
internal sealed class DataCheckCommand(TextWriter output, TextWriter error)
{
    public const string DefaultFailOn = "high";

    private readonly GateOptions _gate = new();
    private readonly DataGateOptions _data = new(driftOnly: false);
    private readonly DatasetTrustOptions _trust = new();

    public Command Build()
    {
        var command = new Command("check", "Compare a candidate dataset with the approved reference: schema, drift, label shift and noise, duplicates, outliers, backdoor triggers");
        _data.AddTo(command);
        _trust.AddTo(command);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        Baseline? baseline;
        DataGateRun run;
        try
        {
            baseline = GateReport.LoadBaseline(parse, _gate);
            run = _data.Read(parse);
            if (_trust.Verify(parse, [run.Request.ReferencePath, run.Request.CandidatePath], error, cancellationToken) is { } failed)
            {
                return failed;
            }
            var report = new DataCheckService(TimeProvider.System).Run(run.Request, cancellationToken);
            var failOn = parse.GetValue(_gate.FailOn) ?? run.ConfiguredFailOn ?? DefaultFailOn;
            var exit = GateReport.Finish(report, parse, _gate, failOn, baseline, output, error);
            return _trust.Attest(parse, report, [run.Request.ReferencePath, run.Request.CandidatePath], exit, error, cancellationToken) ?? exit;
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException or DataReadException)
        {
            error.WriteLine($"bulwark: {ex.Message}");
            return ExitCodes.UsageError;
        }
    }
}
