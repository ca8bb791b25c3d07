using System.Net;
using System.Net.Http.Json;
using Bulwark.Server.Operations;
using Bulwark.Server.Tests.Infrastructure;

namespace Bulwark.Server.Tests.Operations;

public sealed class MetricsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(Provider.Sqlite);
        await _server.CreateUserAsync("root", isAdmin: true);
        _token = await _server.CreateTokenAsync("root");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Counts_requests_by_route_template_and_audit_events_by_action()
    {
        using var admin = _server.Client(_token);
        (await admin.PostAsJsonAsync("/api/v1/projects", new { name = "ml", repositoryUrl = "https://git.example/a/ml" })).EnsureSuccessStatusCode();
        (await admin.GetAsync("/api/v1/projects")).EnsureSuccessStatusCode();
        using var anonymous = _server.Client();
        await anonymous.GetAsync("/api/v1/projects");
        await anonymous.GetAsync("/no/such/secret-looking-path");

        var text = await Scrape(admin);
        text.ShouldContain("bulwark_http_requests_total{method=\"GET\",route=\"/api/v1/projects/\",status=\"200\"} 1");
        text.ShouldContain("bulwark_http_requests_total{method=\"GET\",route=\"/api/v1/projects/\",status=\"401\"} 1");
        text.ShouldContain("bulwark_http_requests_total{method=\"POST\",route=\"/api/v1/projects/\",status=\"201\"} 1");
        text.ShouldContain($"route=\"{RequestTelemetry.Unmatched}\",status=\"404\"");
        text.ShouldNotContain("secret-looking-path");
        text.ShouldContain("bulwark_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/projects/\",le=\"+Inf\"} 2");
        text.ShouldContain("bulwark_audit_events_total{action=\"project.created\",outcome=\"success\"} 1");
        text.ShouldContain("bulwark_process_uptime_seconds ");
        text.ShouldNotContain(_token);
    }

    [Fact]
    public async Task Needs_the_audit_read_permission()
    {
        using var anonymous = _server.Client();
        (await anonymous.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await _server.CreateUserAsync("dev");
        using var member = _server.Client(await _server.CreateTokenAsync("dev"));
        (await member.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var scraper = _server.Client(await _server.CreateTokenAsync("root", "audit:read"));
        var response = await scraper.GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldStartWith("text/plain; version=0.0.4");
    }

    [Fact]
    public void Label_values_are_escaped()
    {
        ServerMetrics.Escape("a\"b\\c\nd").ShouldBe("a\\\"b\\\\c\\nd");
    }

    private static async Task<string> Scrape(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
