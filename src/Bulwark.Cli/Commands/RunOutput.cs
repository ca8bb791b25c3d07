using System.Text.Json;

namespace Bulwark.Cli.Commands;

/// <summary>How run commands print a run (a short table or the server's JSON) and follow one to its end.</summary>
internal static class RunOutput
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task WriteAsync(TextWriter output, string format, JsonElement run, JsonElement? jobs)
    {
        if (format == "json")
        {
            var document = jobs is { } j ? (object)new { run, jobs = j } : run;
            await output.WriteLineAsync(JsonSerializer.Serialize(document, ServerJson.Indented));
            return;
        }
        await output.WriteLineAsync($"run #{run.GetProperty("number").GetInt32()} {run.GetProperty("id").GetString()}  {run.GetProperty("status").GetString()}  {run.GetProperty("ref").GetString()} @ {run.GetProperty("commit").GetString()![..12]}");
        if (run.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
        {
            await output.WriteLineAsync($"  {reason.GetString()}");
        }
        if (jobs is { } list)
        {
            foreach (var job in list.EnumerateArray())
            {
                var why = job.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? $"  ({r.GetString()})" : "";
                await output.WriteLineAsync($"  {job.GetProperty("name").GetString(),-24} {job.GetProperty("status").GetString()}{why}");
            }
        }
    }

    /// <summary>Polls until the run finishes, prints it, and returns 0 when it succeeded, 1 otherwise.</summary>
    public static async Task<int> WaitAsync(ServerClient server, RunClient client, string runId, TextWriter output, TextWriter error, string format, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (response, code) = await client.SendAsync(server, "status", HttpMethod.Get, $"/api/v1/runs/{runId}", null, cancellationToken);
            if (response is null)
            {
                return code;
            }
            using var document = JsonDocument.Parse(response.Body);
            var run = document.RootElement.GetProperty("run");
            var status = run.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled")
            {
                await WriteAsync(output, format, run, document.RootElement.GetProperty("jobs"));
                return status == "succeeded" ? ExitCodes.Clean : ExitCodes.Findings;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
