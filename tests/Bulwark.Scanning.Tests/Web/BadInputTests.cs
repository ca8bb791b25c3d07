using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>Hostile or broken targets: clear messages, bounded time, partial results.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-dast-bad-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Unreachable_host_is_an_error_notice_within_seconds()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var clock = Stopwatch.StartNew();

        var outcome = await DastScan.RunAsync(DastScan.Options(new Uri($"http://127.0.0.1:{port}/")));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        outcome.Report.Findings.ShouldBeEmpty();
        outcome.Partial.ShouldBeTrue();
        outcome.Report.Notices.ShouldContain(n => n.Level == NoticeLevel.Error && n.Message == "cannot reach the target: connection refused");
    }

    [Fact]
    public async Task Tls_to_a_plain_http_port_is_a_tls_error_notice()
    {
        await using var server = await MiniServer.StartAsync((app, _) => app.MapGet("/", () => "hi"));
        var https = new UriBuilder(server.BaseUrl) { Scheme = "https" }.Uri;

        var outcome = await DastScan.RunAsync(DastScan.Options(https));

        outcome.Report.Notices.ShouldContain(n => n.Level == NoticeLevel.Error && n.Message.StartsWith("cannot reach the target: TLS handshake failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redirect_loops_and_out_of_scope_redirects_are_not_followed()
    {
        await using var foreign = await MiniServer.StartAsync((app, _) => app.MapGet("/{**path}", () => "foreign"));
        await using var server = await MiniServer.StartAsync((app, _) =>
        {
            app.MapGet("/", () => Results.Content("<a href=\"/loop-a\">a</a> <a href=\"/out\">out</a>", "text/html"));
            app.MapGet("/loop-a", () => Results.Redirect("/loop-b"));
            app.MapGet("/loop-b", () => Results.Redirect("/loop-a"));
            app.MapGet("/out", () => Results.Redirect(new Uri(foreign.BaseUrl, "x").AbsoluteUri));
        });
        var clock = Stopwatch.StartNew();

        var outcome = await DastScan.RunAsync(DastScan.Options(server.BaseUrl));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        foreign.Requests.ShouldBe(0);
        outcome.Report.Notices.ShouldContain(n => n.Message == "redirect loop; stopped following");
        outcome.Report.Notices.ShouldContain(n => n.Path == "/out" && n.Message.Contains("not followed (out of scope)"));
        outcome.Report.Findings.ShouldContain(f => f.RuleId == "dast-missing-header");
    }

    [Fact]
    public async Task Endless_pages_end_at_the_per_shape_and_page_limits()
    {
        await using var server = await MiniServer.StartAsync((app, _) =>
        {
            app.MapGet("/", () => Results.Content("<a href=\"/page/1\">1</a><a href=\"/cal/2024/1\">cal</a>", "text/html"));
            app.MapGet("/page/{n:int}", (int n) => Results.Content($"<a href=\"/page/{n + 1}\">next</a><a href=\"/page/{n}?sort=a{n}\">s</a><a href=\"/p{n}/x\">x</a>", "text/html"));
            app.MapGet("/cal/{y:int}/{m:int}", (int y, int m) => Results.Content($"<a href=\"/cal/{y}/{m + 1}\">n</a><a href=\"/cal/{y + 1}/{m}\">y</a>", "text/html"));
            app.MapGet("/p{n}/x", (string n) => Results.Content($"<a href=\"/p{n}1/x\">deeper</a>", "text/html"));
        });
        var clock = Stopwatch.StartNew();

        var outcome = await DastScan.RunAsync(DastScan.Options(server.BaseUrl) with { MaxPages = 40 });

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        server.Requests.ShouldBeLessThan(150);
        outcome.Report.Notices.ShouldContain(n => n.Message.Contains("pages shaped like /page/{n}"));
    }

    [Fact]
    public async Task Huge_and_endless_responses_are_read_up_to_the_cap()
    {
        await using var server = await MiniServer.StartAsync((app, _) =>
        {
            app.MapGet("/", () => Results.Content("<a href=\"/huge\">big</a>", "text/html"));
            app.MapGet("/huge", async (HttpContext context) =>
            {
                context.Response.ContentType = "text/html";
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'a');
                // Endless: only the client hanging up ends it.
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            });
        });
        var clock = Stopwatch.StartNew();

        var outcome = await DastScan.RunAsync(DastScan.Options(server.BaseUrl) with { MaxResponseBytes = 1 << 20 });

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        outcome.Report.Notices.ShouldContain(n => n.Path == "/huge" && n.Message.Contains("only the first part was read"));
    }

    [Fact]
    public async Task A_response_that_never_comes_times_out_with_a_notice()
    {
        await using var server = await MiniServer.StartAsync((app, _) =>
        {
            app.MapGet("/", () => Results.Content("<a href=\"/stuck\">stuck</a>", "text/html"));
            app.MapGet("/stuck", async (HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        });

        var outcome = await DastScan.RunAsync(DastScan.Options(server.BaseUrl) with { RequestTimeout = TimeSpan.FromSeconds(1) });

        outcome.Report.Notices.ShouldContain(n => n.Path == "/stuck" && n.Message == "no response within 1 s");
    }

    [Theory]
    [InlineData("{ \"openapi\": \"3.0.0\", \"paths\": { ", "invalid JSON at line 1")]
    [InlineData("swagger: '1.2'\npaths: {}\n", "Swagger 1.2 is not supported")]
    [InlineData("openapi: 3.1.0\npaths:\n  /x: [unclosed\n", "invalid YAML at line")]
    [InlineData("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nopenapi: 3.0.0\n", "node budget")]
    [InlineData("just some text", "not an OpenAPI document")]
    public async Task Invalid_openapi_is_an_error_notice_and_the_scan_goes_on(string document, string message)
    {
        var path = _temp.Write("openapi.yaml", document);
        await using var target = await DastTarget.StartAsync(Weakness.MissingHeaders);

        var outcome = await DastScan.RunAsync(DastScan.Options(target.BaseUrl) with { OpenApi = path });

        outcome.Report.Notices.ShouldContain(n => n.Level == NoticeLevel.Error && n.Message.Contains("invalid OpenAPI document") && n.Message.Contains(message));
        outcome.Report.Findings.ShouldContain(f => f.RuleId == "dast-missing-header");
    }

    [Fact]
    public async Task Missing_openapi_file_and_bad_options_are_config_errors_naming_the_option()
    {
        var missing = await Should.ThrowAsync<ConfigException>(() => DastScan.RunAsync(DastScan.Options(new Uri("http://127.0.0.1:1/")) with { OpenApi = _temp.Combine("nope.json") }));
        var rate = await Should.ThrowAsync<ConfigException>(() => DastScan.RunAsync(DastScan.Options(new Uri("http://127.0.0.1:1/")) with { Rate = 0 }));
        var scheme = await Should.ThrowAsync<ConfigException>(() => DastScan.RunAsync(DastScan.Options(new Uri("ftp://127.0.0.1/"))));
        var header = await Should.ThrowAsync<ConfigException>(() => DastScan.RunAsync(DastScan.Options(new Uri("http://127.0.0.1:1/")) with { AuthHeader = "Bearer sekrit-value" }));

        missing.Message.ShouldContain("--openapi");
        rate.Message.ShouldContain("--rate");
        scheme.Message.ShouldContain("http:// or https://");
        header.Message.ShouldContain("--auth-header");
        header.Message.ShouldNotContain("sekrit");
    }
}
