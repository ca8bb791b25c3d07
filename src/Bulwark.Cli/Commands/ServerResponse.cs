using System.Net;
using System.Text.Json;

namespace Bulwark.Cli.Commands;

/// <summary>A server answer; failures carry an RFC 7807 problem whose title and detail are shown to the user.</summary>
internal sealed record ServerResponse(HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>One line for stderr: status, and the problem's title and detail when the body is one.</summary>
    public string Describe()
    {
        var text = $"server answered {(int)Status}";
        try
        {
            using var problem = JsonDocument.Parse(Body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                var title = problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
                var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
                return $"{text} {title}: {detail}".TrimEnd(':', ' ');
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's HTML page, say): the status alone is the message.
        }
        return text;
    }

    /// <summary>4xx: the request as given was refused (usage/input, exit 2); anything else is the server's failure (exit 3).</summary>
    public int ExitCode => (int)Status is >= 400 and < 500 ? ExitCodes.UsageError : ExitCodes.InternalError;
}
