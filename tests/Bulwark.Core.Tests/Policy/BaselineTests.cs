using Bulwark.Core.Findings;
using Bulwark.Core.Policy;
using Bulwark.Tests.Shared;

namespace Bulwark.Core.Tests.Policy;

public sealed class BaselineTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-baseline-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Written_baseline_suppresses_exactly_the_recorded_findings()
    {
        var report = SampleReports.Create();
        var path = _temp.Combine("baseline.json");
        Baseline.Write(path, report.Findings.Take(2));
        var policy = new FindingPolicy(Severity.High, Baseline.Load(path));
        var (reported, suppressed) = policy.Apply(report.Findings);
        suppressed.Count.ShouldBe(2);
        reported.ShouldHaveSingleItem().Location.Path.ShouldBe("old.env");
        File.ReadAllText(path).ShouldNotContain("AKIA…");
    }

    [Fact]
    public void Threshold_fails_only_at_or_above_the_severity()
    {
        var findings = SampleReports.Create().Findings;
        new FindingPolicy(Severity.Critical, null).Fails(findings).ShouldBeTrue();
        new FindingPolicy(Severity.High, null).Fails(findings.Where(f => f.Severity == Severity.Medium)).ShouldBeFalse();
        new FindingPolicy(Severity.Medium, null).Fails(findings.Where(f => f.Severity == Severity.Medium)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("{not json", "invalid JSON")]
    [InlineData("[1,2]", "not a Bulwark baseline")]
    public void Broken_baseline_gives_a_clear_error_naming_the_file(string content, string expected)
    {
        var path = _temp.Write("bad.json", content);
        var error = Should.Throw<BaselineException>(() => Baseline.Load(path));
        error.Message.ShouldContain(path);
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Missing_baseline_is_an_error()
    {
        Should.Throw<BaselineException>(() => Baseline.Load(_temp.Combine("none.json"))).Message.ShouldContain("not found");
    }

    [Theory]
    [InlineData("key = x # bulwark:allow", true)]
    [InlineData("token: abc  // gitleaks:allow", true)]
    [InlineData("token: abc", false)]
    public void Inline_markers_suppress_their_line(string line, bool suppressed) =>
        InlineSuppression.IsSuppressed(line).ShouldBe(suppressed);

    [Fact]
    public void Writing_a_baseline_to_dev_null_leaves_the_device_in_place()
    {
        Baseline.Write("/dev/null", []);

        FileKind.Of("/dev/null").ShouldBe("character special file");
    }
}
