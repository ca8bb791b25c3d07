using System.CommandLine;
using System.Text;
using System.Text.Json;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark pipeline validate [FILE] [--format table|json]</c>: parses and validates a <c>.bulwark.yml</c>
/// (default ./.bulwark.yml) and prints each error as <c>FILE:LINE:COL: message</c>, or as a JSON array of
/// <c>{file, line, column, message}</c>. Exit 0 valid, 2 invalid or unreadable.
/// </summary>
internal static class PipelineValidateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "The pipeline definition", DefaultValueFactory = _ => ".bulwark.yml" };
        var format = new Option<string>("--format") { Description = "table (for people) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("validate", "Check a .bulwark.yml: keys, types, the job graph, if: conditions and hard-coded credentials");
        command.Arguments.Add(file);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var limits = PipelineLimits.Default;
            string text;
            try
            {
                text = await ReadBoundedAsync(path, limits.MaxBytes, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"bulwark: {path}: {(ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message)}");
                return ExitCodes.UsageError;
            }
            var result = PipelineParser.Parse(text, limits);
            if (parse.GetValue(format) == "json")
            {
                var rows = result.Errors.Select(e => new { File = path, e.Line, e.Column, e.Message });
                await output.WriteLineAsync(JsonSerializer.Serialize(rows, Json));
            }
            else if (result.Definition is { } definition)
            {
                await output.WriteLineAsync($"{path}: valid ({definition.Jobs.Count} job(s))");
            }
            else
            {
                foreach (var problem in result.Errors)
                {
                    await output.WriteLineAsync($"{path}:{problem.Line}:{problem.Column}: {problem.Message}");
                }
            }
            // An invalid definition is bad input, not a finding: 2, as the pipelines contract fixes it.
            return result.IsValid ? ExitCodes.Clean : ExitCodes.UsageError;
        });
        return command;
    }

    /// <summary>Reads at most one byte past the limit, so the parser reports an oversized file without it being loaded.</summary>
    private static async Task<string> ReadBoundedAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var buffer = new byte[(int)Math.Min(stream.Length, maxBytes) + 1];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, read).TrimStart('\uFEFF');
    }
}
