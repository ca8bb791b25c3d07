using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark secrets list --project P [--environment E] [--format table|json]</c>: names and metadata, never values.</summary>
internal static class SecretsListCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var format = new Option<string>("--format") { Description = "table (for people) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var client = new SecretsClientCommand(error, input);
        var command = new Command("list", "List a project's secrets: names, scopes, versions, who changed them and when (never values)");
        client.AddTo(command);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (client.Path(parse, "list") is not { } path)
            {
                return ExitCodes.UsageError;
            }
            var (response, code) = await client.SendAsync(parse, "list", HttpMethod.Get, path, null, null, cancellationToken);
            if (response is null)
            {
                return code;
            }
            using var document = JsonDocument.Parse(response.Body);
            if (parse.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(document.RootElement, ServerJson.Indented));
                return code;
            }
            await output.WriteLineAsync(Table(document.RootElement));
            return code;
        });
        return command;
    }

    private static string Table(JsonElement secrets)
    {
        var rows = new List<string[]> { new[] { "NAME", "SCOPE", "ENVIRONMENT", "VERSION", "UPDATED BY", "UPDATED AT" } };
        foreach (var s in secrets.EnumerateArray())
        {
            rows.Add([
                s.GetProperty("name").GetString()!,
                s.GetProperty("scope").GetString()!,
                s.GetProperty("environment").GetString() ?? "-",
                s.GetProperty("version").GetInt32().ToString(CultureInfo.InvariantCulture),
                s.GetProperty("updatedBy").GetString()!,
                s.GetProperty("updatedAt").GetDateTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ]);
        }
        if (rows.Count == 1)
        {
            return "No secrets.";
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        return string.Join('\n', rows.Select(r => string.Join("  ", r.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()));
    }
}
