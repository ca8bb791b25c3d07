using System.Collections.Concurrent;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Operations;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Tests.Operations;

public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Each_request_is_logged_with_route_status_and_duration_but_no_credentials()
    {
        using var data = new TempDirectory("bulwark-logs-");
        var sink = new CapturingLogger();
        var options = new ServerOptions { DataDirectory = data.Path, Listen = "127.0.0.1:0", InsecureHttp = true };
        // The production configuration (which keeps framework request chatter out) plus a capturing sink.
        await using var app = ServerApp.Build(options, logging: l =>
        {
            ServerLogging.Configure(l, LogFormat.Text);
            l.AddProvider(sink);
        });
        await ServerApp.PrepareAsync(app, CancellationToken.None);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        const string secret = "bwk_aaaaaaaaaaaa_thisisnotarealsecretbutmustnotbelogged00000";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects?q=private-query");
        request.Headers.Authorization = new("Bearer", secret);
        request.Headers.Add("Cookie", "bulwark.session=cookie-value-not-for-logs");
        (await client.SendAsync(request)).Dispose();
        await app.StopAsync();

        var line = sink.Lines.FirstOrDefault(l => l.Contains("/api/v1/projects/", StringComparison.Ordinal) && l.Contains(" 401 ", StringComparison.Ordinal));
        line.ShouldNotBeNull();
        line.ShouldMatch(@"in \d+(\.\d)? ms");
        sink.Lines.ShouldAllBe(l => !l.Contains("thisisnotarealsecret") && !l.Contains("cookie-value") && !l.Contains("private-query"));
    }

    [Fact]
    public void Json_format_selects_the_json_console_formatter()
    {
        var services = new ServiceCollection().AddLogging(l => ServerLogging.Configure(l, LogFormat.Json)).BuildServiceProvider();
        services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName.ShouldBe(ConsoleFormatterNames.Json);
    }

    private sealed class CapturingLogger : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Queue { get; } = new();

        public IReadOnlyList<string> Lines => Queue.ToArray();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Queue.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
