using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>Excluded paths are never requested, by any phase; configured well-known paths are probed like the built-in ones.</summary>
public sealed class ScanPathsTests
{
    [Theory]
    [InlineData("/logout", "/logout", true)]
    [InlineData("/logout", "/logout/all", true)]
    [InlineData("/logout/", "/logout", true)]
    [InlineData("/logout", "/logouts", false)]
    [InlineData("/logout", "/", false)]
    [InlineData("/api/*", "/api/v1/predict", true)]
    [InlineData("/api/*", "/api", false)]
    [InlineData("/admin/*/delete", "/admin/users/7/delete", true)]
    [InlineData("/admin/*/delete", "/admin/users/7/deleted", false)]
    [InlineData("*.php", "/index.php", true)]
    [InlineData("/a*b*c", "/aXbYc", true)]
    [InlineData("/a*b*c", "/aXbYcZ", false)]
    public void Path_patterns_match_a_path_and_below_or_with_wildcards(string pattern, string path, bool matches)
    {
        PathPattern.IsMatch(pattern, path).ShouldBe(matches);
    }

    [Fact]
    public void A_pathological_pattern_stays_fast()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        PathPattern.IsMatch("/" + string.Concat(Enumerable.Repeat("*a", 200)) + "b", "/" + new string('a', 4000)).ShouldBeFalse();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Encoded_slashes_do_not_slip_past_an_exclusion()
    {
        var scope = new ScopeGuard(new Uri("http://127.0.0.1:8080/"), ["/admin/*"]);

        scope.InScope(new Uri("http://127.0.0.1:8080/admin%2Freload")).ShouldBeFalse();
        scope.InScope(new Uri("http://127.0.0.1:8080/Admin/reload")).ShouldBeTrue();
        scope.Resolve(new Uri("http://127.0.0.1:8080/"), "/admin/x").ShouldBeNull();
    }

    [Fact]
    public async Task Excluded_paths_are_never_requested_and_configured_well_known_paths_are_probed()
    {
        await using var target = await DastTarget.StartAsync(Weakness.ExposedFile | Weakness.Xss | Weakness.AuthBypass);
        var options = DastScan.Options(target.BaseUrl) with
        {
            OpenApi = target.BaseUrl + "openapi.json",
            ExcludedPaths = ["/search", "/api/*", "/.env"],
            ExtraWellKnownPaths = ["/help", "/nothing-here"],
        };

        var outcome = await DastScan.RunAsync(options);

        var seen = target.Seen.ToArray();
        seen.ShouldContain("GET /openapi.json");
        seen.ShouldNotContain(s => s.EndsWith(" /search", StringComparison.Ordinal) || s.Contains(" /api/", StringComparison.Ordinal) || s.EndsWith(" /.env", StringComparison.Ordinal));
        var findings = outcome.Report.Findings;
        findings.ShouldNotContain(f => f.RuleId == "dast-xss" || f.RuleId == "dast-auth-bypass");
        findings.ShouldNotContain(f => f.Properties["url"] == "/.env");
        findings.ShouldContain(f => f.RuleId == "dast-exposed-file" && f.Properties["url"] == "/help" && f.Severity == Severity.Medium);
        findings.ShouldNotContain(f => f.Properties["url"] == "/nothing-here");
        seen.ShouldContain("GET /nothing-here");
        outcome.Report.Notices.ShouldContain(n => n.Message == "not requested (excluded path): /.env");
    }

    [Theory]
    [InlineData("logout", "excluded path 'logout' must start with '/'")]
    [InlineData("/a b", "excluded path '/a b' must be a path without spaces")]
    public void Bad_paths_in_the_options_name_the_path(string path, string message)
    {
        Should.Throw<ConfigException>(() => (DastScan.Options(new Uri("http://127.0.0.1:1/")) with { ExcludedPaths = [path] }).Validate()).Message.ShouldStartWith(message);
    }
}
