using System.Text.Json;
using Bulwark.Server.Access;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Access;

/// <summary>No endpoint is left without a policy, and docs/permissions.md lists every API endpoint as the server maps it.</summary>
public sealed class EndpointPolicyTests : IAsyncLifetime
{
    /// <summary>The only routes anyone may call without signing in. Adding one here is a security decision.</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "/", "/healthz", "/api/{documentName}/openapi.json", "/css/site.css", "/js/log-stream.js",
        "/signin", "/signin/mfa", "/signout", "/setup", "/forbidden",
        // Razor components' own redirect helper: it only echoes a protected redirect the server issued.
        "/_framework/opaque-redirect",
        // Git hosts call webhooks without a session: the host's signature over the body is the authentication.
        "/api/v1/hooks/{provider}/{project}",
    ];

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(Provider.Sqlite);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_endpoint_declares_a_permission_or_is_on_the_anonymous_list()
    {
        var endpoints = EndpointCatalog.List(_server.App);
        endpoints.Count.ShouldBeGreaterThan(15);
        var unguarded = endpoints.Where(e => e.Permission is null && !Anonymous.Contains(e.Pattern)).Select(e => e.ToString()).ToList();
        unguarded.ShouldBeEmpty("these endpoints declare no permission: add .RequirePermission(…) or [Authorize(Policy = \"perm:…\")]");
        endpoints.Where(e => e.Permission is not null && e.AllowsAnonymous).ShouldBeEmpty("an endpoint cannot both declare a permission and allow anonymous callers");
    }

    [Fact]
    public void The_permission_document_lists_every_api_endpoint_with_its_permission_and_step_up()
    {
        var mapped = EndpointCatalog.List(_server.App).Where(e => e.IsApi)
            .Select(e => $"{e.Method} {e.Pattern} {e.Permission} {(e.StepUp ? "yes" : "no")}").Order(StringComparer.Ordinal).ToList();
        var documented = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.Root, "docs", "permissions.md")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 5 && cells[1].StartsWith("`", StringComparison.Ordinal) && cells[1].Contains(" /api/v1/", StringComparison.Ordinal))
            {
                documented.Add($"{cells[1].Trim('`')} {cells[2]} {cells[3]}");
            }
        }
        documented.Order(StringComparer.Ordinal).ShouldBe(mapped);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_api_endpoint()
    {
        using var client = _server.Client();
        var document = JsonDocument.Parse(await client.GetStringAsync("/api/v1/openapi.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} /{p.Name.Trim('/')}")).ToHashSet();
        // OpenAPI has no catch-all syntax: a route's {**path} appears there as {path}.
        var missing = EndpointCatalog.List(_server.App).Where(e => e.IsApi).Select(e => e.ToString().Replace("{**", "{", StringComparison.Ordinal))
            .Where(e => !paths.Contains(e)).ToList();
        missing.ShouldBeEmpty();
        document.GetRawText().ShouldNotContain("passwordHash", Case.Insensitive);
    }
}
