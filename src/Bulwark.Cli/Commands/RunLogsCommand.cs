using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark run logs RUN_ID --job JOB</c>: a job's (masked) log as plain text.</summary>
internal static class RunLogsCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var id = new Argument<Guid>("RUN_ID") { Description = "The run's id" };
        var job = new Option<string>("--job") { Description = "The job's name in .bulwark.yml", Required = true };
        var client = new RunClient(error, input);
        var command = new Command("logs", "Print a job's log (secrets are masked by the runner before the log is stored)");
        command.Arguments.Add(id);
        command.Options.Add(job);
        client.Server.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (response, code) = await client.SendAsync(parse, "logs", HttpMethod.Get,
                $"/api/v1/runs/{parse.GetValue(id)}/jobs/{Uri.EscapeDataString(parse.GetValue(job)!)}/log", null, cancellationToken);
            if (response is not null)
            {
                await output.WriteAsync(response.Body);
            }
            return code;
        });
        return command;
    }
}
