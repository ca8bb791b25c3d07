using System.Diagnostics;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Web;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>The whole scan against the real target app: every weakness found, the hardened twin clean.</summary>
public sealed class DastTargetScanTests : IDisposable
{
    private static readonly string[] Categories =
    [
        "missing-header", "cookie-flags", "cors", "banner", "error-disclosure", "exposed-file", "directory-listing", "debug-endpoint",
        "xss", "sqli", "path-traversal", "open-redirect", "ssrf", "unauthenticated-endpoint", "missing-rate-limit", "oversized-body",
        "auth-bypass", "prompt-injection", "jwt-none",
    ];

    private readonly TempDirectory _temp = new("bulwark-dast-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Vulnerable_target_yields_every_category_with_url_header_flag_and_redacted_evidence()
    {
        await using var target = await DastTarget.StartAsync(Weakness.All);
        var jwt = DastTarget.Jwt("alice");
        var har = _temp.Combine("scan.har");
        var options = DastScan.Options(target.BaseUrl) with { OpenApi = target.BaseUrl + "openapi.json", AuthHeader = $"Authorization: Bearer {jwt}" };

        var outcome = await DastScan.RunAsync(options, har);

        var findings = outcome.Report.Findings;
        var ids = findings.Select(f => f.RuleId).ToHashSet();
        foreach (var category in Categories)
        {
            ids.ShouldContain(id => id.Contains(category), $"{category}; got {string.Join(", ", ids)}");
        }
        findings.ShouldAllBe(f => f.Properties.ContainsKey("url") && f.Properties["url"].StartsWith('/'));
        findings.Where(f => f.RuleId == "dast-missing-header").Select(f => f.Properties["header"])
            .ShouldBe(["Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options"], ignoreOrder: true);
        findings.Where(f => f.RuleId == "dast-cookie-flags").Select(f => f.Properties["flag"]).ShouldBe(["HttpOnly", "SameSite", "Secure"], ignoreOrder: true);
        findings.Where(f => f.RuleId == "dast-sqli").Select(f => f.Properties["technique"]).ShouldBe(["boolean", "error", "time"], ignoreOrder: true);
        findings.Single(f => f.RuleId == "dast-xss" && f.Properties["url"] == "/search").Evidence.ShouldStartWith("GET /search?q=");
        findings.First(f => f.RuleId == "dast-ssrf").Properties["confirmed"].ShouldBe("out-of-band");
        findings.ShouldContain(f => f.RuleId == "dast-secret-in-response" && f.Properties["url"] == "/.env" && f.Evidence.Contains("ghp_…(40 chars)"));

        // Neither the leaked token nor the scan's own credential appears anywhere.
        var everything = string.Join("\n", findings.SelectMany(f => new[] { f.Message, f.Evidence }.Concat(f.Properties.Values)))
            + string.Join("\n", outcome.Report.Notices.Select(n => n.ToString()));
        everything.ShouldNotContain(DastTarget.LeakedToken);
        everything.ShouldNotContain(jwt.Split('.')[2]);
        var harText = File.ReadAllText(har);
        harText.ShouldNotContain(jwt.Split('.')[2]);
        harText.ShouldContain("[redacted]");
        // State-changing forms are never submitted without --allow-destructive.
        target.Seen.ShouldNotContain("POST /subscribe");
        System.Text.Json.JsonDocument.Parse(harText).RootElement.GetProperty("log").GetProperty("entries").GetArrayLength().ShouldBe(outcome.RequestsSent);
    }

    [Fact]
    public async Task Hardened_twin_yields_no_finding_above_info()
    {
        await using var target = await DastTarget.StartAsync(Weakness.None);
        var options = DastScan.Options(target.BaseUrl) with { OpenApi = target.BaseUrl + "openapi.json", AuthHeader = $"Authorization: Bearer {DastTarget.Jwt("alice")}" };

        var outcome = await DastScan.RunAsync(options);

        outcome.Report.Findings.Where(f => f.Severity > Severity.Info).Select(f => $"{f.RuleId} {f.Properties["url"]}: {f.Message}").ShouldBeEmpty();
        outcome.Report.Notices.ShouldNotContain(n => n.Level == NoticeLevel.Error);
        target.Seen.ShouldContain("GET /search");
        target.Seen.ShouldContain("POST /api/v1/predict");
    }

    [Fact]
    public async Task Forms_are_submitted_only_with_allow_destructive()
    {
        await using var target = await DastTarget.StartAsync(Weakness.Xss);

        var polite = await DastScan.RunAsync(DastScan.Options(target.BaseUrl));
        var postsBefore = target.Seen.Count(s => s == "POST /subscribe");
        await DastScan.RunAsync(DastScan.Options(target.BaseUrl) with { AllowDestructive = true });

        postsBefore.ShouldBe(0);
        polite.Report.Notices.ShouldContain(n => n.Message.Contains("state-changing methods were not probed"));
        target.Seen.Count(s => s == "POST /subscribe").ShouldBeGreaterThan(0);
    }
}
