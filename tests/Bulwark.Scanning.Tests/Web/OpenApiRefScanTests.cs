using Bulwark.Core.Findings;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>The whole scan with a multi-document OpenAPI description: local files beside it, or URLs on the target.</summary>
public sealed class OpenApiRefScanTests : IDisposable
{
    private const string Main = """
        openapi: 3.0.3
        components:
          securitySchemes: {bearer: {type: http, scheme: bearer}}
        paths:
          /api/v1/models:
            $ref: "MODELS#/ModelsPath"
          /api/v1/lookup:
            get:
              security: []
              parameters:
                - $ref: "../../etc/passwd#/x"
                - {name: name, in: query, schema: {type: string, example: apple}}
        """;

    private const string Models = """
        ModelsPath:
          get:
            operationId: listModels
            security: [{bearer: []}]
        """;

    private readonly TempDirectory _temp = new("bulwark-dast-refscan-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Security_in_another_file_drives_the_auth_bypass_check()
    {
        var inside = _temp.Write("spec/openapi.yaml", Main.Replace("MODELS", "paths/models.yaml", StringComparison.Ordinal));
        _temp.Write("spec/paths/models.yaml", Models);
        var outside = _temp.Write("other/openapi.yaml", Main.Replace("MODELS", "../spec/paths/models.yaml", StringComparison.Ordinal));
        await using var target = await DastTarget.StartAsync(Weakness.AuthBypass);

        var followed = await DastScan.RunAsync(DastScan.Options(target.BaseUrl) with { OpenApi = inside });
        var refused = await DastScan.RunAsync(DastScan.Options(target.BaseUrl) with { OpenApi = outside });

        followed.Report.Findings.ShouldContain(f => f.RuleId == "dast-auth-bypass" && f.Properties["url"] == "/api/v1/models");
        followed.Report.Notices.ShouldContain(n => n.Path == inside && n.Message == "1 referenced document(s) loaded");
        followed.Report.Notices.ShouldContain(n => n.Level == NoticeLevel.Warning && n.Path == inside
            && n.Message == "reference '../../etc/passwd#/x' not followed: outside the document's folder");
        followed.Report.Notices.ShouldContain(n => n.Message.StartsWith("2 operations read (1 with a security requirement", StringComparison.Ordinal));
        // The same description with the path item outside its folder: refused, so no operation demands credentials.
        refused.Report.Findings.ShouldNotContain(f => f.RuleId == "dast-auth-bypass");
        refused.Report.Notices.ShouldContain(n => n.Level == NoticeLevel.Warning
            && n.Message == "reference '../spec/paths/models.yaml#/ModelsPath' not followed: outside the document's folder");
    }

    [Fact]
    public async Task A_fetched_document_follows_same_origin_references_within_the_budget_and_refuses_other_origins()
    {
        await using var foreign = await MiniServer.StartAsync((app, _) => app.MapGet("/{**path}", () => Results.Content("""{"P": {"name": "foreign", "in": "query"}}""", "application/json")));
        var fetched = 0;
        await using var server = await MiniServer.StartAsync((app, _) =>
        {
            app.MapGet("/", () => Results.Content("<p>api</p>", "text/html"));
            app.MapGet("/openapi.json", () => Results.Content("""
                {"openapi": "3.0.3",
                 "paths": {
                   "/secret": {"$ref": "defs/paths.json#/Secret"},
                   "/open": {"get": {"parameters": [
                     {"$ref": "FOREIGN/evil.json#/P"},
                     {"$ref": "//AUTHORITY/evil2.json#/P"},
                     {"$ref": "defs/missing.json#/P"}]}}}}
                """.Replace("FOREIGN", foreign.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                   .Replace("AUTHORITY", foreign.BaseUrl.Authority, StringComparison.Ordinal), "application/json"));
            app.MapGet("/defs/paths.json", () =>
            {
                Interlocked.Increment(ref fetched);
                return Results.Content("""{"Secret": {"get": {"security": [{"key": []}], "parameters": [{"$ref": "common.yaml#/Limit"}]}}}""", "application/json");
            });
            app.MapGet("/defs/common.yaml", () => Results.Text("Limit: {name: limit, in: query, example: 3}\n"));
            app.MapGet("/secret", () => Results.Json(new { secret = "data" }));
            app.MapGet("/open", () => Results.Json(new { ok = true }));
        });
        var options = DastScan.Options(server.BaseUrl) with { OpenApi = server.BaseUrl + "openapi.json" };
        var source = options.OpenApi!;

        var outcome = await DastScan.RunAsync(options);

        fetched.ShouldBe(1);
        foreign.Requests.ShouldBe(0);
        outcome.Report.Findings.ShouldContain(f => f.RuleId == "dast-auth-bypass" && f.Properties["url"] == "/secret");
        var notices = outcome.Report.Notices.Where(n => n.Path == source).Select(n => n.Message).ToList();
        notices.ShouldContain("2 referenced document(s) loaded");
        notices.ShouldContain($"reference '{new Uri(foreign.BaseUrl, "evil.json")}#/P' not followed: another origin ({foreign.BaseUrl.GetLeftPart(UriPartial.Authority)}; only the target's scheme, host and port are fetched)");
        notices.ShouldContain(m => m.StartsWith($"reference '//{foreign.BaseUrl.Authority}/evil2.json#/P' not followed: another origin", StringComparison.Ordinal));
        notices.ShouldContain("reference 'defs/missing.json#/P' not followed: cannot fetch: HTTP 404");
    }

    [Fact]
    public async Task Referenced_documents_count_against_max_requests()
    {
        var fetched = 0;
        await using var server = await MiniServer.StartAsync((app, _) =>
        {
            app.MapGet("/openapi.json", () => Results.Content("""
                {"openapi": "3.0.3", "paths": {"/x": {"get": {"parameters": [{"$ref": "a.json#/P"}, {"$ref": "b.json#/P"}, {"$ref": "c.json#/P"}]}}}}
                """, "application/json"));
            app.MapGet("/{name}.json", (string name) =>
            {
                Interlocked.Increment(ref fetched);
                return Results.Content($$$"""{"P": {"name": "{{{name}}}", "in": "query"}}""", "application/json");
            });
        });
        // Start page, not-found baseline, robots.txt, sitemap.xml, the document: one request left for the references.
        var options = DastScan.Options(server.BaseUrl) with { OpenApi = server.BaseUrl + "openapi.json", MaxRequests = 6 };

        var outcome = await DastScan.RunAsync(options);

        outcome.RequestsSent.ShouldBe(6);
        server.Requests.ShouldBe(6);
        fetched.ShouldBe(1);
        outcome.Report.Notices.ShouldContain(n => n.Message == "reference 'b.json#/P' not followed: not fetched (request limit reached or the scan stopped)");
    }
}
