using System.Diagnostics;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>Broken, huge, deep and odd files become positioned errors; the other files are still audited.</summary>
public sealed class BadInputTests
{
    private const string Vulnerable = "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n";

    [Fact]
    public void Invalid_yaml_is_an_error_with_line_and_column_and_other_files_are_audited()
    {
        using var repo = new AuditRepo()
            .Write(".github/workflows/broken.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: echo [\n    runs-on: [\n")
            .Write(".github/workflows/ok.yml", Vulnerable);

        var outcome = repo.Audit();

        var error = outcome.Report.Notices.Single(n => n.Level == NoticeLevel.Error);
        error.Path.ShouldStartWith(".github/workflows/broken.yml:");
        error.Path.Split(':').Length.ShouldBe(3);
        error.Message.ShouldContain("invalid YAML");
        outcome.Rule("pipeline-template-injection").ShouldHaveSingleItem().Location.Path.ShouldBe(".github/workflows/ok.yml");
        outcome.FileErrors.ShouldBe(1);
    }

    [Fact]
    public void Huge_files_and_non_utf8_files_are_refused_by_name()
    {
        using var repo = new AuditRepo()
            .Write(".github/workflows/huge.yml", "on: push\n# " + new string('x', 3 * 1024 * 1024) + "\n")
            .Write(".github/workflows/ok.yml", Vulnerable);
        File.WriteAllBytes(Path.Combine(repo.Root, ".gitlab-ci.yml"), [0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]);

        var outcome = repo.Audit();

        outcome.Report.Notices.ShouldContain(n => n.Path == ".github/workflows/huge.yml:1:1" && n.Message.Contains("larger than"));
        outcome.Report.Notices.ShouldContain(n => n.Path == ".gitlab-ci.yml:1:1" && n.Message.Contains("not UTF-8"));
        outcome.Rule("pipeline-template-injection").ShouldHaveSingleItem();
    }

    [Fact]
    public void Unknown_keys_and_invalid_expressions_are_positioned_warnings()
    {
        using var repo = new AuditRepo().Write(".github/workflows/odd.yml",
            "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: make\n    steps:\n      - run: echo ${{ github.event. }}\n        wiht: {}\n");

        var notices = repo.Audit().Report.Notices.Where(n => n.Level == NoticeLevel.Warning).ToList();

        notices.ShouldContain(n => n.Path == ".github/workflows/odd.yml:6:5" && n.Message.Contains("unknown key 'step'") && n.Message.Contains("did you mean 'steps'"));
        notices.ShouldContain(n => n.Path == ".github/workflows/odd.yml:10:9" && n.Message.Contains("unknown key 'wiht'"));
        notices.ShouldContain(n => n.Path == ".github/workflows/odd.yml:9:19" && n.Message.Contains("invalid expression"));
    }

    [Fact]
    public void Deeply_nested_yaml_and_expressions_stay_bounded()
    {
        var deepYaml = "on: push\njobs:\n  a:\n    x: " + new string('[', 5000) + new string(']', 5000) + "\n";
        var deepExpression = Vulnerable.Replace("github.event.pull_request.title", new string('(', 3000) + "github.head_ref" + new string(')', 3000), StringComparison.Ordinal);
        using var repo = new AuditRepo()
            .Write(".github/workflows/deep.yml", deepYaml)
            .Write(".github/workflows/expr.yml", deepExpression);

        var clock = Stopwatch.StartNew();
        var outcome = repo.Audit();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        outcome.Report.Notices.ShouldContain(n => n.Path.StartsWith(".github/workflows/deep.yml:4:", StringComparison.Ordinal) && n.Message.Contains("nested deeper"));
        outcome.Report.Notices.ShouldContain(n => n.Path.StartsWith(".github/workflows/expr.yml:7:", StringComparison.Ordinal) && n.Message.Contains("longer than") || n.Message.Contains("nested deeper than 64"));
    }

    [Fact]
    public void Random_and_mutated_files_never_throw_and_stay_fast()
    {
        var seeds = AuditRepo.FixtureFiles("vulnerable").Concat(AuditRepo.FixtureFiles("corpus")).Select(File.ReadAllText).ToList();
        var random = new Random(909);
        var clock = Stopwatch.StartNew();
        var options = new AuditOptions();
        for (var i = 0; i < 600; i++)
        {
            var text = i % 4 == 0 ? RandomText(random) : Mutate(seeds[random.Next(seeds.Count)], random);
            var kind = (PipelineFileKind)(i % 4);
            var notices = new List<Notice>();
            var file = PipelineFileReader.Parse(text, "fuzz.yml", kind, AuditLimits.Default, notices);
            notices.ShouldAllBe(n => n.Level != NoticeLevel.Error || n.Path.Split(':').Length == 3);
            if (file is null)
            {
                continue;
            }
            var sink = new AuditSink(file, options);
            switch (kind)
            {
                case PipelineFileKind.GitLabCi:
                    var pipeline = new Scanning.PipelineConfig.Audit.GitLab.GitLabReader("/nonexistent", _ => null, AuditLimits.Default).Read(file, sink);
                    Scanning.PipelineConfig.Audit.GitLab.GitLabAudit.Run(pipeline, _ => sink);
                    break;
                case PipelineFileKind.Bulwark:
                    Scanning.PipelineConfig.Audit.BulwarkFile.BulwarkAudit.Run(file, sink, notices);
                    break;
                default:
                    Scanning.PipelineConfig.Audit.GitHub.WorkflowAudit.Run(file, sink, []);
                    break;
            }
            sink.Findings.ShouldAllBe(f => f.Line >= 1 && f.Column >= 1);
            foreach (var fix in sink.Fixes)
            {
                fix.Plan(file).ShouldAllBe(e => e.Start >= 0 && e.End <= file.Text.Length && e.Start <= e.End);
            }
        }
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
    }

    private static string RandomText(Random random)
    {
        const string alphabet = "ab:-[]{}&*<>|'\"${}()!=.# \n\t\\%@`";
        var builder = new StringBuilder();
        var length = random.Next(0, 600);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)]);
        }
        return builder.ToString();
    }

    private static string Mutate(string seed, Random random)
    {
        var chars = new StringBuilder(seed);
        var edits = random.Next(1, 12);
        const string insertions = ":-[]{}&*<<|'\"${{ }}()!=\n  \t";
        for (var i = 0; i < edits && chars.Length > 0; i++)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(4))
            {
                case 0:
                    chars.Remove(at, Math.Min(random.Next(1, 20), chars.Length - at));
                    break;
                case 1:
                    chars.Insert(at, insertions[random.Next(insertions.Length)]);
                    break;
                case 2:
                    chars.Insert(at, seed.AsSpan(random.Next(seed.Length / 2), Math.Min(40, seed.Length / 2)));
                    break;
                default:
                    chars[at] = insertions[random.Next(insertions.Length)];
                    break;
            }
        }
        return chars.ToString();
    }
}
