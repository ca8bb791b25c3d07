using System.Diagnostics;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Server.Web.Pages.Runs;

namespace Bulwark.Server.Tests.Web;

public sealed class GateReportReaderTests
{
    [Fact]
    public void Reads_the_engines_report_most_severe_first_with_location_and_message()
    {
        var json = RunPageTestData.Report(
            RunPageTestData.Finding("generic-api-key", Severity.Medium, "src/app.py", 12, "a generic API key"),
            RunPageTestData.Finding("aws-access-key", Severity.Critical, "config/aws.env", 1, "an AWS access key id"),
            RunPageTestData.Finding("pickle-global", Severity.High, "model.pt", 0, "imports os.system", innerPath: "archive/data.pkl"));

        var view = GateReportReader.Read(json);

        view.Problem.ShouldBeNull();
        view.Total.ShouldBe(3);
        view.Truncated.ShouldBeFalse();
        view.Findings.Select(f => f.RuleId).ShouldBe(["aws-access-key", "pickle-global", "generic-api-key"]);
        view.Findings[0].ShouldBe(new GateFindingRow("critical", "aws-access-key", "aws-access-key title", "config/aws.env", 1, "an AWS access key id"));
        view.Findings[1].Path.ShouldBe("model.pt!archive/data.pkl");
        view.Findings[1].Line.ShouldBeNull("line 0 means a binary finding without a line");
    }

    [Fact]
    public void Lists_at_most_the_limit_and_counts_the_rest()
    {
        var findings = Enumerable.Range(1, 30).Select(i => RunPageTestData.Finding($"r{i}", i == 30 ? Severity.Critical : Severity.Low, "a.txt", i, "m")).ToArray();
        var view = GateReportReader.Read(RunPageTestData.Report(findings), maxShown: 10);
        view.Total.ShouldBe(30);
        view.Findings.Count.ShouldBe(10);
        view.Truncated.ShouldBeTrue();
        view.Findings[0].RuleId.ShouldBe("r30", "the most severe finding is shown even when it comes last");
    }

    [Fact]
    public void A_report_without_findings_reads_as_empty()
    {
        var view = GateReportReader.Read(RunPageTestData.Report());
        (view.Problem, view.Total, view.Findings.Count).ShouldBe((null, 0, 0));
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"truncated\":true}", "too large to store")]
    [InlineData("{\"findings\":{}}", "no findings list")]
    [InlineData("{\"findings\":[1,", "not valid JSON")]
    public void An_unreadable_report_becomes_a_problem_to_show(string json, string problem)
    {
        var view = GateReportReader.Read(json);
        view.Problem.ShouldNotBeNull().ShouldContain(problem);
        view.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Fields_of_the_wrong_type_read_as_empty_and_long_fields_are_cut()
    {
        var json = """{"findings":[7,{"ruleId":5,"severity":["high"],"message":"LONG","location":{"path":null,"line":"9"}}]}"""
            .Replace("LONG", new string('x', 50_000), StringComparison.Ordinal);
        var view = GateReportReader.Read(json);
        view.Total.ShouldBe(2);
        var row = view.Findings.ShouldHaveSingleItem();
        (row.RuleId, row.Severity, row.Path, row.Line).ShouldBe(("", "", "", null));
        row.Message.Length.ShouldBe(GateReportReader.MaxFieldChars + 1);
        row.Message.ShouldEndWith("…");
    }

    [Fact]
    public void Deep_nesting_is_refused_not_followed()
    {
        var json = "{\"findings\":[" + new string('[', 10_000) + new string(']', 10_000) + "]}";
        GateReportReader.Read(json).Problem.ShouldNotBeNull();
    }

    /// <summary>Random text and mutations of a real report: the reader answers a view, never throws, within a time budget.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_and_mutated_reports_never_throw(int seed)
    {
        var random = new Random(seed);
        var real = RunPageTestData.Report(
            RunPageTestData.Finding("aws-access-key", Severity.Critical, "config/aws.env", 1, "an AWS access key id <script>"),
            RunPageTestData.Finding("pickle-global", Severity.High, "model.pt", 0, "imports os.system", innerPath: "data.pkl"));
        string[] tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\ud800", "\ud800", "null", "true", "1e999", "-1", "2147483648", "\"findings\":", "\"location\":", "\"line\":", "\u0000", "\u202e"];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3000; i++)
        {
            var text = (i % 3) switch
            {
                0 => RandomText(random),
                1 => MutateChars(real, random),
                _ => Splice(real, tokens, random),
            };
            var view = GateReportReader.Read(text, maxShown: 5);
            view.Findings.Count.ShouldBeLessThanOrEqualTo(5);
            view.Findings.ShouldAllBe(f => f.Message.Length <= GateReportReader.MaxFieldChars + 1);
            (view.Problem is null || view.Findings.Count == 0).ShouldBeTrue();
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    private static string RandomText(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        random.NextBytes(bytes);
        if (bytes.Length > 0)
        {
            bytes[0] = (byte)'{';
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private static string MutateChars(string text, Random random)
    {
        var chars = text.ToCharArray();
        for (var edits = random.Next(1, 8); edits > 0; edits--)
        {
            chars[random.Next(chars.Length)] = (char)random.Next(0, 0x10000);
        }
        var cut = random.Next(2) == 0 ? chars.Length : random.Next(chars.Length);
        return new string(chars, 0, cut);
    }

    private static string Splice(string text, string[] tokens, Random random)
    {
        var builder = new StringBuilder(text);
        for (var edits = random.Next(1, 6); edits > 0; edits--)
        {
            var at = random.Next(builder.Length);
            if (random.Next(2) == 0)
            {
                builder.Insert(at, tokens[random.Next(tokens.Length)]);
            }
            else
            {
                builder.Remove(at, Math.Min(random.Next(1, 20), builder.Length - at));
            }
        }
        return builder.ToString();
    }
}
