using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bulwark.Cli.Tests.Commands;

/// <summary><c>bulwark dast</c> against a small vulnerable Kestrel app: the SARIF contract, exit codes, secrecy of --auth-header.</summary>
public sealed class DastCommandTests : IAsyncLifetime
{
    private const string Secret = "Bearer s3cr3t-t0ken-value-42";
    private const string OpenApi = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
        security: [{bearer: []}]
        paths:
          /api/predict:
            post:
              operationId: predict
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {inputs: {type: string}}}
          /api/models:
            get: {operationId: listModels}
        """;

    private readonly TempDirectory _temp = new("bulwark-dast-cli-");
    private WebApplication _app = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Origin is { Count: > 0 } origin)
            {
                context.Response.Headers.AccessControlAllowOrigin = origin.ToString();
                context.Response.Headers.AccessControlAllowCredentials = "true";
            }
            context.Response.Headers.XPoweredBy = "Express 4.17.1";
            await next(context);
        });
        _app.MapGet("/", (HttpContext context) =>
        {
            context.Response.Cookies.Append("sid", "abc");
            return Results.Content("<a href=\"/search?q=hi\">s</a> <a href=\"/crash\">c</a> <a href=\"/echo\">e</a>", "text/html");
        });
        _app.MapGet("/search", (string? q) => Results.Content($"<p>{q}</p>", "text/html"));
        _app.MapGet("/crash", () => Results.Text("Traceback (most recent call last):\n  File \"/app/main.py\", line 3\nKeyError: 'x'", statusCode: 500));
        _app.MapGet("/echo", (HttpContext context) => Results.Text($"you sent {context.Request.Headers.Authorization}"));
        _app.MapGet("/.env", () => Results.Text("API_URL=https://x\nDEBUG=1\n"));
        _app.MapGet("/api/models", () => Results.Json(new[] { "m1" }));
        _app.MapPost("/api/predict", () => Results.Json(new { label = 1 }));
        await _app.StartAsync();
        _url = new Uri(_app.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public void The_pipeline_gate_passes_the_auth_header_in_the_variable_the_command_reads()
    {
        Bulwark.Runner.Gates.GateCatalog.DastAuthHeaderVariable.ShouldBe(Bulwark.Cli.Commands.DastCommand.AuthHeaderVariable);
    }

    [Fact]
    public async Task Sarif_report_keeps_the_contract_spellings_and_never_shows_the_auth_header()
    {
        var openApi = _temp.Write("openapi.yaml", OpenApi);
        var sarifPath = _temp.Combine("dast.sarif");
        var harPath = _temp.Combine("dast.har");

        var (code, stdout, stderr) = await CliRun.InProcess("dast", _url.AbsoluteUri, "--openapi", openApi, "--auth-header", $"Authorization: {Secret}",
            "--max-requests", "800", "--max-time", "60", "--rate", "200", "--har", harPath, "--format", "sarif", "--output", sarifPath);

        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        var sarif = File.ReadAllText(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var results = JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray();
        var ids = results.Select(r => r!["ruleId"]!.GetValue<string>()).ToHashSet();
        foreach (var category in (string[])["missing-header", "cookie-flags", "cors", "banner", "error-disclosure", "exposed-file", "xss", "auth-bypass", "missing-rate-limit"])
        {
            ids.ShouldContain(id => id.Contains(category), category);
        }
        results.ShouldAllBe(r => r!["properties"]!["url"]!.GetValue<string>().StartsWith('/'));
        var header = results.First(r => r!["ruleId"]!.GetValue<string>() == "dast-missing-header")!;
        header["properties"]!["header"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        header["level"]!.GetValue<string>().ShouldBe("note");
        var cookie = results.First(r => r!["ruleId"]!.GetValue<string>() == "dast-cookie-flags")!;
        cookie["properties"]!["flag"]!.GetValue<string>().ShouldBeOneOf("Secure", "HttpOnly", "SameSite");
        cookie["properties"]!["header"]!.GetValue<string>().ShouldBe("Set-Cookie");
        results.First(r => r!["ruleId"]!.GetValue<string>() == "dast-cors")!["properties"]!["header"]!.GetValue<string>().ShouldBe("Access-Control-Allow-Origin");
        var bypass = results.First(r => r!["ruleId"]!.GetValue<string>() == "dast-auth-bypass" && r["properties"]!["url"]!.GetValue<string>() == "/api/models")!;
        bypass["level"]!.GetValue<string>().ShouldBe("error");
        bypass["properties"]!["evidence"]!.GetValue<string>().ShouldStartWith("GET /api/models\n→ 200");
        foreach (var text in (string[])[sarif, stdout, stderr, File.ReadAllText(harPath)])
        {
            text.ShouldNotContain("s3cr3t-t0ken-value-42");
        }
    }

    [Fact]
    public async Task The_dast_table_sets_defaults_that_flags_override_and_bad_keys_exit_2_naming_the_key()
    {
        var config = _temp.Write("bulwark.toml", "[dast]\nmax_requests = 5\nrate = 200\nexclude_paths = [\"/.env\"]\nfail_on = \"critical\"\n");
        var bad = _temp.Write("bad.toml", "[dast]\nmax_time = 0\n");

        var fromConfig = await CliRun.InProcess("dast", _url.AbsoluteUri, "--config", config, "--format", "json");
        var flagWins = await CliRun.InProcess("dast", _url.AbsoluteUri, "--config", config, "--max-requests", "7", "--format", "json");
        var invalid = await CliRun.InProcess("dast", _url.AbsoluteUri, "--config", bad);

        fromConfig.Stdout.ShouldContain("request limit reached (--max-requests 5)");
        // fail_on = critical: the high findings of a 5-request scan do not fail it.
        fromConfig.ExitCode.ShouldBe(0, fromConfig.Stderr);
        flagWins.Stdout.ShouldContain("request limit reached (--max-requests 7)");
        invalid.ExitCode.ShouldBe(2);
        invalid.Stderr.ShouldContain("[dast]: 'max_time' must be between 1 and 86400 seconds (got 0)");
    }

    [Fact]
    public async Task Unreachable_target_exits_2_with_a_clear_message_and_usage_errors_exit_2()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var unreachable = await CliRun.InProcess("dast", $"http://127.0.0.1:{port}/", "--format", "json");
        var badUrl = await CliRun.InProcess("dast", "not a url");
        var badRate = await CliRun.InProcess("dast", _url.AbsoluteUri, "--rate", "0");
        var badHeader = await CliRun.InProcess("dast", _url.AbsoluteUri, "--auth-header", "s3cr3t-t0ken-value-42");

        unreachable.ExitCode.ShouldBe(2, unreachable.Stderr);
        unreachable.Stderr.ShouldContain("cannot reach the target: connection refused");
        JsonNode.Parse(unreachable.Stdout)!["findings"]!.AsArray().ShouldBeEmpty();
        badUrl.ExitCode.ShouldBe(2);
        badRate.ExitCode.ShouldBe(2);
        badRate.Stderr.ShouldContain("--rate");
        badHeader.ExitCode.ShouldBe(2);
        badHeader.Stderr.ShouldNotContain("s3cr3t");
    }
}
