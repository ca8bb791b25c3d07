using System.CommandLine;
using Bulwark.Core.Configuration;
using Bulwark.Core.Policy;
using Bulwark.Ml.Data;
using Bulwark.Ml.Data.Reading;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark drift --reference REF --current CUR</c>: only the distribution checks of <c>data check</c> (schema,
/// per-column drift with Benjamini–Hochberg, correlation changes, label or prediction shift), for monitoring
/// inference inputs or predictions. Same exit codes and thresholds ([data] in bulwark.toml).
/// </summary>
internal sealed class DriftCommand(TextWriter output, TextWriter error)
{
    private readonly GateOptions _gate = new();
    private readonly DataGateOptions _data = new(driftOnly: true);

    public static Command Build(TextWriter output, TextWriter error) => new DriftCommand(output, error).Create();

    private Command Create()
    {
        var command = new Command("drift", "Compare current data (inference inputs or predictions) with a reference: schema, per-column drift, broken correlations, label shift");
        _data.AddTo(command);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            var baseline = GateReport.LoadBaseline(parse, _gate);
            var run = _data.Read(parse);
            var report = new DataCheckService(TimeProvider.System).Run(run.Request, cancellationToken);
            return GateReport.Finish(report, parse, _gate, parse.GetValue(_gate.FailOn) ?? run.ConfiguredFailOn ?? DataCheckCommand.DefaultFailOn, baseline, output, error);
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException or DataReadException)
        {
            error.WriteLine($"bulwark: {ex.Message}");
            return ExitCodes.UsageError;
        }
    }
}
