using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Webhooks;

namespace Bulwark.Server.Tests.Pipelines;

/// <summary>Webhook deliveries as GitHub signs them, and waiting for runs to finish.</summary>
internal static class PipelineTestData
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    public static string Push(string commit, string branch = "main") => JsonSerializer.Serialize(new
    {
        @ref = "refs/heads/" + branch,
        before = new string('0', 40),
        after = commit,
        repository = new { id = 1, name = "repo", full_name = "acme/repo" },
        sender = new { login = "dana" },
        head_commit = new { id = commit },
        deleted = false,
    });

    public static string ForkPullRequest(string commit, int number) => JsonSerializer.Serialize(new
    {
        action = "opened",
        number,
        pull_request = new
        {
            number,
            head = new { sha = commit, @ref = "feature", repo = new { id = 2, full_name = "mallory/repo" } },
            @base = new { sha = commit, @ref = "main", repo = new { id = 1, full_name = "acme/repo" } },
        },
        repository = new { id = 1, name = "repo", full_name = "acme/repo" },
        sender = new { login = "mallory" },
    });

    public static async Task<HttpResponseMessage> SendGitHubAsync(this HttpClient client, string project, string eventName, string body, string secret, string? delivery = null, string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/hooks/github/{project}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", signature ?? WebhookSignature.Compute(WebhookProvider.GitHub, bytes, secret));
        return await client.SendAsync(request);
    }

    public static async Task<Guid> CreatedRunAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(201, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("runId").GetGuid();
    }

    /// <summary>Polls the run until it finishes and returns its JSON (run and jobs).</summary>
    public static async Task<JsonElement> WaitForRunAsync(this HttpClient client, Guid runId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
            if (run.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return run;
            }
            clock.Elapsed.ShouldBeLessThan(RunTimeout, $"run still {run.GetProperty("status")} after {RunTimeout}: {run}");
            await Task.Delay(200);
        }
    }

    public static Task<string> LogAsync(this HttpClient client, Guid runId, string job) =>
        client.GetStringAsync($"/api/v1/runs/{runId}/jobs/{job}/log");
}
