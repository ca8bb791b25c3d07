using System.Net;
using System.Text;
using System.Text.Json;

namespace Bulwark.Runner.Remote;

/// <summary>A server answer that was not a transient failure: its status and (bounded) body.</summary>
internal sealed record RunnerAnswer(HttpStatusCode Status, byte[] Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as <typeparamref name="T"/>; a body that is not what the protocol promises is the server's fault.</summary>
    /// <exception cref="RunnerServerUnavailableException">The body is not a <typeparamref name="T"/>.</exception>
    public T Read<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, RunnerProtocol.Json) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new RunnerServerUnavailableException($"the server's answer is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>The refusal as an exception: the status and the problem's title and detail when the body is one.</summary>
    public RunnerRequestRefusedException Refusal(string what) => new(Status, $"{what}: the server answered {(int)Status}{Problem(Body)}");

    public static string Problem(byte[] body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                var title = problem.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var detail = problem.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                return $" {title}: {detail}".TrimEnd(':', ' ');
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's page): the status alone says it.
        }
        return body.Length == 0 ? "" : " " + Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).ReplaceLineEndings(" ");
    }
}
