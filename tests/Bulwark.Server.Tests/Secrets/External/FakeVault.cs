using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>
/// A real HTTP(S) server on a free loopback port that answers like Vault's documented API, replaying the
/// bodies in Fixtures/. Each route serves its replies in order and repeats the last; unknown routes get
/// Vault's 404 <c>{"errors":[]}</c>. Every request is recorded with its Vault headers and body.
/// </summary>
internal sealed class FakeVault : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Queue<Reply>> _routes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _arrived = new(0);

    private FakeVault(WebApplication app)
    {
        _app = app;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Server.Tests", "Secrets", "External", "Fixtures", name));

    public static async Task<FakeVault> StartAsync(X509Certificate2? certificate = null)
    {
        // No appsettings watching: it would put inotify watches on every folder under the test's directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        FakeVault? vault = null;
        app.Run(context => vault!.AnswerAsync(context));
        await app.StartAsync();
        vault = new FakeVault(app);
        return vault;
    }

    /// <summary>Serves <paramref name="replies"/> in order on <c>METHOD /v1/...?query</c>, then repeats the last.</summary>
    public void On(string method, string pathAndQuery, params Reply[] replies) =>
        _routes[$"{method} {pathAndQuery}"] = new Queue<Reply>(replies);

    /// <summary>Completes once another request has arrived (and been recorded).</summary>
    public Task<bool> NextRequestAsync() => _arrived.WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var pathAndQuery = request.Path + request.QueryString;
        Requests.Enqueue(new RecordedRequest(request.Method, pathAndQuery,
            Header(request, "X-Vault-Token"), Header(request, "X-Vault-Namespace"), body));
        _arrived.Release();
        var reply = Next($"{request.Method} {pathAndQuery}") ?? new Reply(404, Fixture("error-not-found.json"));
        if (reply.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        context.Response.StatusCode = reply.Status;
        if (reply.Location is not null)
        {
            context.Response.Headers.Location = reply.Location;
        }
        context.Response.ContentType = "application/json";
        if (reply.DeclareLength)
        {
            context.Response.ContentLength = reply.Body.Length;
        }
        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
    }

    private Reply? Next(string route)
    {
        if (!_routes.TryGetValue(route, out var queue))
        {
            return null;
        }
        lock (queue)
        {
            return queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        }
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Token, string? Namespace, string Body);

    internal sealed record Reply(int Status, byte[] Body, bool Hang = false, string? Location = null, bool DeclareLength = false)
    {
        public Reply(int status, string body) : this(status, System.Text.Encoding.UTF8.GetBytes(body))
        {
        }

        public static Reply Json(int status, string fixture) => new(status, Fixture(fixture));

        /// <summary>Never answers until the client gives up.</summary>
        public static Reply Silence() => new(200, [], Hang: true);
    }
}
