using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark run status RUN_ID [--wait]</c>: a run's status and its jobs.</summary>
internal static class RunStatusCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var id = new Argument<Guid>("RUN_ID") { Description = "The run's id (as printed by bulwark run trigger)" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run to finish; exit 0 if it succeeded, 1 if not" };
        var format = new Option<string>("--format") { Description = "table (for people) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var client = new RunClient(error, input);
        var command = new Command("status", "Show a run's status and its jobs");
        command.Arguments.Add(id);
        command.Options.Add(wait);
        command.Options.Add(format);
        client.Server.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var server = await client.ConnectAsync(parse, "status", cancellationToken);
            if (server is null)
            {
                return ExitCodes.UsageError;
            }
            var runId = parse.GetValue(id).ToString();
            if (parse.GetValue(wait))
            {
                return await RunOutput.WaitAsync(server, client, runId, output, error, parse.GetValue(format)!, cancellationToken);
            }
            var (response, code) = await client.SendAsync(server, "status", HttpMethod.Get, $"/api/v1/runs/{runId}", null, cancellationToken);
            if (response is null)
            {
                return code;
            }
            using var run = System.Text.Json.JsonDocument.Parse(response.Body);
            await RunOutput.WriteAsync(output, parse.GetValue(format)!, run.RootElement.GetProperty("run"), run.RootElement.GetProperty("jobs"));
            return ExitCodes.Clean;
        });
        return command;
    }
}
