using System.CommandLine;
using System.Text.Json;
using Bulwark.Server.Projects;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark run trigger --project P --ref main [--commit SHA] [--wait]</c>: a manual run of a branch or tag.
/// With --wait it follows the run to its end and exits 0 when it succeeded, 1 when it failed or was cancelled —
/// so a script can gate on a Bulwark pipeline.
/// </summary>
internal static class RunTriggerCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var project = new Option<string>("--project") { Description = "The project to run", Required = true };
        var reference = new Option<string>("--ref") { Description = "Branch or tag (main, v1.2, refs/heads/main)", Required = true };
        var commit = new Option<string?>("--commit") { Description = "Build exactly this 40-hex commit (default: where --ref points now)" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run to finish; exit 0 if it succeeded, 1 if not" };
        var format = new Option<string>("--format") { Description = "table (for people) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var client = new RunClient(error, input);
        var command = new Command("trigger", "Start a pipeline run of a branch or tag on the server");
        command.Options.Add(project);
        command.Options.Add(reference);
        command.Options.Add(commit);
        command.Options.Add(wait);
        command.Options.Add(format);
        client.Server.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(project)!;
            if (!ProjectName.IsValid(name))
            {
                await error.WriteLineAsync("bulwark run trigger: --project takes 1-64 lower-case letters, digits, '-', '_' or '.'");
                return ExitCodes.UsageError;
            }
            using var server = await client.ConnectAsync(parse, "trigger", cancellationToken);
            if (server is null)
            {
                return ExitCodes.UsageError;
            }
            var (response, code) = await client.SendAsync(server, "trigger", HttpMethod.Post, $"/api/v1/projects/{name}/runs",
                new { @ref = parse.GetValue(reference), commit = parse.GetValue(commit) }, cancellationToken);
            if (response is null)
            {
                return code;
            }
            using var created = JsonDocument.Parse(response.Body);
            var id = created.RootElement.GetProperty("id").GetString()!;
            if (!parse.GetValue(wait))
            {
                await RunOutput.WriteAsync(output, parse.GetValue(format)!, created.RootElement, null);
                return ExitCodes.Clean;
            }
            return await RunOutput.WaitAsync(server, client, id, output, error, parse.GetValue(format)!, cancellationToken);
        });
        return command;
    }
}
