using Bulwark.Scanning.Web;
using Bulwark.Scanning.Web.Checks;
using Bulwark.Scanning.Web.Http;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>The rule catalogue as data, and the small parts every probe depends on.</summary>
public sealed class DastRuleTests
{
    private static readonly string[] ContractCategories =
    [
        "missing-header", "cookie-flags", "cors", "banner", "error-disclosure", "exposed-file", "directory-listing", "debug-endpoint",
        "xss", "sqli", "path-traversal", "open-redirect", "ssrf", "unauthenticated-endpoint", "missing-rate-limit", "oversized-body",
        "auth-bypass", "prompt-injection", "jwt-none",
    ];

    public static TheoryData<string> RulesWithSamples => [.. DastRules.All.Where(r => r.MustMatch.Count + r.MustNotMatch.Count > 0).Select(r => r.Id)];

    [Fact]
    public void Every_contract_category_has_a_rule_whose_id_contains_it_with_help()
    {
        foreach (var category in ContractCategories)
        {
            var rule = DastRules.All.Single(r => r.Category == category);
            rule.Id.ShouldContain(category);
            rule.Help.Length.ShouldBeGreaterThan(40);
        }
        DastRules.All.Select(r => r.Id).ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(RulesWithSamples))]
    public void Passive_rule_samples_match_and_do_not_match_through_the_passive_checks(string id)
    {
        var rule = DastRules.All.Single(r => r.Id == id);
        foreach (var sample in rule.MustMatch)
        {
            Run(sample).ShouldContain(rule.Id, $"must match: {sample}");
        }
        foreach (var sample in rule.MustNotMatch)
        {
            Run(sample).ShouldNotContain(rule.Id, $"must not match: {sample}");
        }
    }

    private static List<string> Run(ResponseSample sample)
    {
        var secrets = new SecretFinder();
        var findings = new DastFindings(secrets, null);
        var url = new Uri(sample.Https ? "https://app.example/page" : "http://app.example/page");
        var headers = sample.Headers.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(h => new KeyValuePair<string, string>(h[..h.IndexOf(':')].Trim(), h[(h.IndexOf(':') + 1)..].Trim())).ToList();
        new PassiveChecks(findings, secrets).Inspect(new DastResponse(DastRequest.Get(url), sample.Status, headers, sample.Body, TimeSpan.Zero));
        return [.. findings.All.Select(f => f.RuleId)];
    }

    [Fact]
    public void Scope_is_scheme_host_and_port()
    {
        var scope = new ScopeGuard(new Uri("http://127.0.0.1:8080/app/"));

        scope.InScope(new Uri("http://127.0.0.1:8080/other")).ShouldBeTrue();
        scope.InScope(new Uri("https://127.0.0.1:8080/")).ShouldBeFalse();
        scope.InScope(new Uri("http://127.0.0.1:8081/")).ShouldBeFalse();
        scope.InScope(new Uri("http://localhost:8080/")).ShouldBeFalse();
        scope.Resolve(new Uri("http://127.0.0.1:8080/app/x"), "../y#frag")!.AbsoluteUri.ShouldBe("http://127.0.0.1:8080/y");
        scope.Resolve(new Uri("http://127.0.0.1:8080/"), "//evil.example/").ShouldBeNull();
        scope.Resolve(new Uri("http://127.0.0.1:8080/"), "javascript:alert(1)").ShouldBeNull();
    }

    [Fact]
    public async Task Token_bucket_allows_a_burst_of_ten_then_paces_to_the_rate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(100, time);
        for (var i = 0; i < 10; i++)
        {
            await bucket.WaitAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        }

        var eleventh = bucket.WaitAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        eleventh.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(10));
        await eleventh.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Auth_header_value_and_bare_token_are_scrubbed_and_never_in_har()
    {
        var auth = new AuthHeader("Authorization: Bearer tok-1234567890");
        auth.Scrub("echo: Bearer tok-1234567890 and tok-1234567890").ShouldBe("echo: [redacted] and [redacted]");
        var har = new HarRecorder(TimeProvider.System, auth);
        var request = DastRequest.Get(new Uri("http://a.example/?t=tok-1234567890"));
        har.Add(new DastResponse(request, 200, [new("X-Echo", "tok-1234567890")], "body tok-1234567890", TimeSpan.FromMilliseconds(3)));
        using var stream = new MemoryStream();

        har.Write(stream);

        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        text.ShouldNotContain("tok-1234567890");
        text.ShouldContain("\"name\": \"Authorization\"");
    }

    [Fact]
    public void Evidence_excerpts_never_cut_a_secret_or_the_credential_in_two()
    {
        const string token = "ghp_R8kV2mXq9LpT4wZs7NcB1yHd6JfG3aUe5QiO";
        var auth = new AuthHeader("Authorization: Bearer credential-0123456789abcdef");
        var findings = new DastFindings(new SecretFinder(), auth);
        var url = new Uri("http://app.example/leak");
        var first = new string('x', 229) + "\n" + token + "\n" + new string('y', 400);
        var second = new string('x', 235) + "credential-0123456789abcdef" + new string('y', 400);

        findings.Add(DastRules.ErrorDisclosure, new DastResponse(DastRequest.Get(url), 200, [], first, TimeSpan.Zero), url, "m", "a", at: 0);
        findings.Add(DastRules.ErrorDisclosure, new DastResponse(DastRequest.Get(url), 200, [], second, TimeSpan.Zero), url, "m", "b", at: 0);

        var evidence = findings.All.Select(f => f.Evidence).ToList();
        evidence[0].ShouldNotContain(token[..10]);
        evidence[0].ShouldContain("ghp_…(40 chars)");
        evidence[1].ShouldNotContain("crede");
        evidence[1].ShouldContain("[red");
    }

    [Fact]
    public void Passive_checks_stay_linear_on_hostile_two_megabyte_bodies()
    {
        var secrets = new SecretFinder();
        var checks = new PassiveChecks(new DastFindings(secrets, null), secrets);
        var url = new Uri("http://app.example/x");
        string[] bodies =
        [
            string.Concat(Enumerable.Repeat("\n  at a.b(c) in ", 130_000)),
            string.Concat(Enumerable.Repeat("xError: y\n at ", 150_000)),
            string.Concat(Enumerable.Repeat("<title> Index of ", 120_000)),
            new string('a', 2 << 20),
        ];
        var clock = System.Diagnostics.Stopwatch.StartNew();

        foreach (var body in bodies)
        {
            checks.Inspect(new DastResponse(DastRequest.Get(url), 200, [new("Content-Type", "text/html")], body, TimeSpan.Zero));
        }

        // About 10 s on this 2-core machine when quiet, twice that when the suite shares it with builds; a check that
        // backtracks quadratically on one of these bodies would take hours, so a generous bound still tells them apart.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
    }
}
