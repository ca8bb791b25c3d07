using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark secrets delete NAME --project P [--environment E]</c>: deletes a secret and every kept version.</summary>
internal static class SecretsDeleteCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var name = new Argument<string>("NAME") { Description = "Secret name" };
        var client = new SecretsClientCommand(error, input);
        var command = new Command("delete", "Delete a secret and all its versions on the server");
        command.Arguments.Add(name);
        client.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = parse.GetValue(name)!;
            if (client.Path(parse, "delete") is not { } path || !client.CheckName(secret, "delete"))
            {
                return ExitCodes.UsageError;
            }
            var (response, code) = await client.SendAsync(parse, "delete", HttpMethod.Delete, $"{path}/{secret}", null, null, cancellationToken);
            if (response is not null)
            {
                await output.WriteLineAsync($"Deleted {secret}");
            }
            return code;
        });
        return command;
    }
}
