using System.Diagnostics;
using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>The scan keeps its promises: request count, request rate, time limit, and host scope.</summary>
public sealed class ScanLimitTests
{
    [Fact]
    public async Task Scan_honours_max_requests_and_rate_and_reports_a_partial_scan()
    {
        await using var target = await DastTarget.StartAsync(Weakness.All & ~Weakness.Ssrf);
        var options = DastScan.Options(target.BaseUrl) with { OpenApi = target.BaseUrl + "openapi.json", MaxRequests = 60, Rate = 25 };
        var clock = Stopwatch.StartNew();

        var outcome = await DastScan.RunAsync(options);

        outcome.RequestsSent.ShouldBe(60);
        // The target's own allow-listed fetch of /ping is the only request that did not come from the scan.
        (target.Requests - target.Seen.Count(s => s == "GET /ping")).ShouldBe(60);
        outcome.Partial.ShouldBeTrue();
        outcome.Report.Notices.ShouldContain(n => n.Level == NoticeLevel.Warning && n.Message.Contains("request limit reached (--max-requests 60)"));
        // A bucket of 10 then 25 per second: 60 requests cannot take less than (60 - 10) / 25 = 2 s, and no second
        // sees much more than 35 (a little slack for requests the loaded machine delivers bunched).
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.9));
        var arrivals = target.Arrivals.ToArray();
        foreach (var start in arrivals)
        {
            arrivals.Count(t => t >= start && Stopwatch.GetElapsedTime(start, t) < TimeSpan.FromSeconds(1)).ShouldBeLessThanOrEqualTo(25 + 10 + 5);
        }
    }

    [Fact]
    public async Task Scan_stops_at_max_time_with_the_findings_so_far()
    {
        await using var target = await DastTarget.StartAsync(Weakness.All & ~Weakness.Ssrf);
        var options = DastScan.Options(target.BaseUrl) with { OpenApi = target.BaseUrl + "openapi.json", MaxTime = TimeSpan.FromSeconds(2), Rate = 20 };
        var clock = Stopwatch.StartNew();

        var outcome = await DastScan.RunAsync(options);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        outcome.Partial.ShouldBeTrue();
        outcome.Report.Notices.ShouldContain(n => n.Message.Contains("time limit reached (--max-time 2 s)"));
        outcome.Report.Findings.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Links_redirects_and_scripts_to_another_loopback_port_are_never_requested()
    {
        await using var foreign = await DastTarget.StartAsync(Weakness.None);
        await using var target = await DastTarget.StartAsync(Weakness.All & ~Weakness.Ssrf, foreign.BaseUrl);

        var outcome = await DastScan.RunAsync(DastScan.Options(target.BaseUrl) with { OpenApi = target.BaseUrl + "openapi.json" });

        target.Requests.ShouldBeGreaterThan(100);
        foreign.Requests.ShouldBe(0);
        outcome.Report.Notices.ShouldContain(n => n.Message.Contains("not followed (out of scope)"));
        outcome.Report.Findings.ShouldContain(f => f.RuleId == "dast-xss");
    }
}
