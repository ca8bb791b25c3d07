using System.CommandLine;
using System.Text.Json;
using Bulwark.Server.Secrets;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark secrets set NAME --project P [--environment E]</c>: stores a value read from standard input (never
/// from the command line, where process listings and shell history would show it). One trailing newline is
/// dropped, so <c>echo "$VALUE" | bulwark secrets set …</c> stores the value itself. With --token-stdin the first
/// line is the token and the rest is the value.
/// </summary>
internal static class SecretsSetCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var name = new Argument<string>("NAME") { Description = "Secret name, environment-variable style ([A-Za-z_][A-Za-z0-9_]*)" };
        var client = new SecretsClientCommand(error, input);
        var command = new Command("set", "Store a secret's value (read from standard input) on the server");
        command.Arguments.Add(name);
        client.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = parse.GetValue(name)!;
            if (client.Path(parse, "set") is not { } path || !client.CheckName(secret, "set"))
            {
                return ExitCodes.UsageError;
            }
            var (response, code) = await client.SendAsync(parse, "set", HttpMethod.Put, $"{path}/{secret}", null,
                async reader => await ReadValueAsync(reader, error, cancellationToken) is { } value ? new { value } : null, cancellationToken);
            if (response is not null)
            {
                var version = JsonDocument.Parse(response.Body).RootElement.GetProperty("version").GetInt32();
                await output.WriteLineAsync($"Stored {secret} ({path.Split('/')[4]}{(parse.GetValue(client.Environment) is { } e ? $", environment {e}" : "")}), version {version}");
            }
            return code;
        });
        return command;
    }

    private static async Task<string?> ReadValueAsync(TextReader reader, TextWriter error, CancellationToken cancellationToken)
    {
        var buffer = new char[SecretValue.MaxBytes + 3];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }
        var value = new string(buffer, 0, total);
        Array.Clear(buffer);
        value = value.EndsWith("\r\n", StringComparison.Ordinal) ? value[..^2] : value.EndsWith('\n') ? value[..^1] : value;
        if (value.Length == 0 || total == buffer.Length)
        {
            await error.WriteLineAsync($"bulwark secrets set: pipe the value into standard input (1 to {SecretValue.MaxBytes} bytes)");
            return null;
        }
        return value;
    }
}
