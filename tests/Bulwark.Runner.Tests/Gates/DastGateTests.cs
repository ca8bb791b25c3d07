using System.Text.Json;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Tests.Jobs;
using Bulwark.Scanning.Tests.Web;

namespace Bulwark.Runner.Tests.Gates;

/// <summary>
/// <c>uses: bulwark/dast</c>: the real CLI in the job's bubblewrap sandbox scans the real DAST target app on the
/// host's loopback, reachable only with the job's <c>network: egress</c>; the auth header comes from a job secret.
/// </summary>
public sealed class DastGateTests(BulwarkCli cli) : IClassFixture<BulwarkCli>, IDisposable
{
    private readonly JobHarness _job = new(gateCommand: cli.Command);
    private readonly string _token = DastTarget.Jwt("pipeline");

    private JobSpec Spec(Uri target, bool egress, Dictionary<string, string>? extra = null)
    {
        var with = new Dictionary<string, string>
        {
            ["url"] = target.AbsoluteUri,
            ["openapi"] = "api/openapi.json",
            ["auth-header"] = "Authorization: Bearer ${{ secrets.STAGING_TOKEN }}",
            ["rate"] = "500",
            ["max-time"] = "90",
        };
        foreach (var (key, value) in extra ?? [])
        {
            with[key] = value;
        }
        return JobHarness.Spec(new JobStep { Name = "dast", Uses = "bulwark/dast", With = with }) with
        {
            NetworkEgress = egress,
            Secrets = new Dictionary<string, string> { ["STAGING_TOKEN"] = _token },
            Timeout = TimeSpan.FromMinutes(3),
        };
    }

    private async Task WriteOpenApiAsync(DastTarget target)
    {
        using var http = new HttpClient();
        _job.WriteSource("api/openapi.json", await http.GetStringAsync(new Uri(target.BaseUrl, "openapi.json")));
    }

    [Fact]
    public async Task Dast_scans_the_target_with_the_secret_header_and_fails_on_its_findings_without_leaking_the_token()
    {
        await using var target = await DastTarget.StartAsync(Weakness.ExposedFile | Weakness.JwtNone);
        await WriteOpenApiAsync(target);
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(Spec(target.BaseUrl, egress: true), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed, session.Log);
        result.Reason.ShouldBe("step 1 'dast': gate dast failed its policy");
        var (_, gate, passed, json) = session.Gates.ShouldHaveSingleItem();
        (gate, passed).ShouldBe(("dast", false));
        using var report = JsonDocument.Parse(json);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Rule: f.GetProperty("ruleId").GetString(), Url: f.GetProperty("properties").GetProperty("url").GetString())).ToList();
        findings.ShouldContain(("dast-exposed-file", "/.env"));
        // jwt-none needs the scan's own token: the secret reached the scanner.
        findings.ShouldContain(f => f.Rule == "dast-jwt-none");
        session.Log.ShouldContain("gate dast: FAILED");
        target.Requests.ShouldBeGreaterThan(20);
        foreach (var text in new[] { session.Log, json, result.Reason! })
        {
            text.ShouldNotContain(_token);
            text.ShouldNotContain(_token.Split('.')[2]);
        }
    }

    [Fact]
    public async Task Dast_passes_the_hardened_twin()
    {
        await using var target = await DastTarget.StartAsync(Weakness.None);
        await WriteOpenApiAsync(target);
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(Spec(target.BaseUrl, egress: true, new() { ["fail-on"] = "low" }), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Succeeded, session.Log);
        session.Gates.ShouldHaveSingleItem().Passed.ShouldBeTrue();
        session.Log.ShouldContain("gate dast: passed");
    }

    [Fact]
    public async Task Without_egress_the_gate_cannot_reach_the_host_and_the_step_fails()
    {
        await using var target = await DastTarget.StartAsync(Weakness.ExposedFile);
        await WriteOpenApiAsync(target);
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(Spec(target.BaseUrl, egress: false), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed, session.Log);
        result.Reason.ShouldBe("gate dast could not run (exit code 2): see its output above");
        session.Log.ShouldContain("note: the job has no network (network: none)");
        session.Gates.ShouldBeEmpty();
        // Only the test's own fetch of the OpenAPI document ever reached the target.
        target.Requests.ShouldBe(1);
    }

    [Theory]
    [InlineData(null, "Authorization: Bearer ${{ secrets.STAGING_TOKEN }}", "gate dast needs 'url'")]
    [InlineData("http://127.0.0.1:9/", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJlLXZhbHVl", "'auth-header' must take its credential from a secret of the job")]
    [InlineData("http://127.0.0.1:9/", "Authorization: Bearer ${{ secrets.MISSING }}", "uses the secret MISSING, which this job was not given")]
    public async Task A_missing_url_or_a_credential_not_from_a_job_secret_fails_before_anything_runs(string? url, string header, string message)
    {
        var with = new Dictionary<string, string> { ["auth-header"] = header };
        if (url is not null)
        {
            with["url"] = url;
        }
        var session = new RecordingSession();
        var spec = JobHarness.Spec(new JobStep { Name = "dast", Uses = "bulwark/dast", With = with }) with
        {
            NetworkEgress = true,
            Secrets = new Dictionary<string, string> { ["STAGING_TOKEN"] = _token },
        };

        var result = await _job.Runner.RunAsync(spec, session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed);
        result.Reason!.ShouldContain(message);
        result.Reason!.ShouldNotContain("c2lnbmF0dXJlLXZhbHVl");
        session.Log.ShouldNotContain("c2lnbmF0dXJlLXZhbHVl");
        session.Gates.ShouldBeEmpty();
    }

    public void Dispose() => _job.Dispose();
}
