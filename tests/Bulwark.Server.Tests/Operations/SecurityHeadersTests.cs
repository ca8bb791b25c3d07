using Bulwark.Server.Configuration;
using Bulwark.Server.Operations;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Operations;

/// <summary>Every kind of response (API, UI page, stylesheet, errors) carries the headers; HSTS only over HTTPS.</summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Plain_http_responses_carry_the_headers_but_no_hsts()
    {
        await using var server = await TestServer.StartAsync(Provider.Sqlite);
        await server.CreateUserAsync("root", isAdmin: true);
        using var admin = server.Client(await server.CreateTokenAsync("root"));
        using var anonymous = server.Client();
        // API success, API 401 and 404 problems, a UI page, a missing page, the stylesheet and the health check.
        var requests = new (HttpClient Client, string Path)[]
        {
            (admin, "/api/v1/projects"), (anonymous, "/api/v1/projects"), (admin, "/api/v1/no-such-endpoint"),
            (anonymous, "/"), (anonymous, "/no-such-page"), (anonymous, "/css/site.css"), (anonymous, "/healthz"),
        };
        foreach (var (client, path) in requests)
        {
            using var response = await client.GetAsync(path);
            ShouldHaveHeaders(response);
            response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Https_responses_add_hsts_including_errors()
    {
        await using var server = await TestServer.StartAsync(Provider.Sqlite, o => o with { InsecureHttp = false });
        server.BaseAddress.Scheme.ShouldBe("https");
        var fingerprint = server.Services.GetRequiredService<ServerIdentity>().CertificateFingerprint!;
        using var handler = new HttpClientHandler
        {
            // Trust exactly the server's generated certificate, as a user who checked the printed fingerprint would.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && TlsCertificate.Fingerprint(certificate) == fingerprint,
        };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        foreach (var path in new[] { "/", "/api/v1/projects", "/no-such-page" })
        {
            using var response = await client.GetAsync(path);
            ShouldHaveHeaders(response);
            response.Headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=");
        }
    }

    private static void ShouldHaveHeaders(HttpResponseMessage response)
    {
        Header(response, "Content-Security-Policy").ShouldContain("frame-ancestors 'none'");
        Header(response, "Content-Security-Policy").ShouldContain("script-src 'none'");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Referrer-Policy").ShouldBe("no-referrer");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new ShouldAssertException($"{name} missing on {(int)response.StatusCode} {response.RequestMessage!.RequestUri}");
}
