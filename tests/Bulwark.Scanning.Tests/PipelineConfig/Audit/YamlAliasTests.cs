using System.Text;
using Bulwark.Scanning.PipelineConfig.Audit;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>Anchors, aliases and merge keys resolve for audited files, within a budget; .bulwark.yml still refuses them.</summary>
public sealed class YamlAliasTests
{
    private static (YamlNode? Root, IReadOnlyList<PipelineError> Errors) Read(string yaml, YamlAliasPolicy policy)
    {
        var errors = new PipelineErrors(20);
        var root = YamlTreeReader.Read(yaml, PipelineLimits.Default, errors, policy);
        return (root, errors.Sorted());
    }

    [Fact]
    public void Merge_keys_bring_the_anchored_entries_and_explicit_keys_win()
    {
        var (root, errors) = Read(".base: &base\n  image: python:3.12\n  stage: test\njob:\n  <<: *base\n  stage: lint\n  script: [make]\n", YamlAliasPolicy.Resolve);

        errors.ShouldBeEmpty();
        var job = root.Get("job")!;
        job.Entries.Select(e => e.Key).ShouldBe(["stage", "script", "image"]);
        job.Text("stage").ShouldBe("lint");
        job.Entry("image")!.Line.ShouldBe(2);
        job.Get("image")!.Column.ShouldBe(10);
    }

    [Fact]
    public void Merge_of_a_list_prefers_the_first_map_and_aliases_share_the_anchored_node()
    {
        var (root, errors) = Read("a: &a { x: 1, y: 1 }\nb: &b { x: 2, z: 2 }\nc:\n  <<: [*a, *b]\nd: *a\n", YamlAliasPolicy.Resolve);

        errors.ShouldBeEmpty();
        root.Get("c")!.Text("x").ShouldBe("1");
        root.Get("c")!.Text("z").ShouldBe("2");
        root.Get("d").ShouldBeSameAs(root.Get("a"));
    }

    [Fact]
    public void Billion_laughs_stops_at_the_expansion_budget_with_a_position()
    {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            yaml.Append(CultureInfo(i)).Append(": &l").Append(i).Append(" [");
            var previous = i == 1 ? "a" : $"l{i - 1}";
            yaml.Append(string.Join(", ", Enumerable.Repeat("*" + previous, 10))).Append("]\n");
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (root, errors) = Read(yaml.ToString(), new YamlAliasPolicy(true, 100_000));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        root.ShouldBeNull();
        var error = errors.ShouldHaveSingleItem();
        error.Message.ShouldContain("expand to more than 100000 nodes");
        error.Line.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Unknown_alias_is_a_positioned_error()
    {
        var (_, errors) = Read("a: 1\nb: *nothing\n", YamlAliasPolicy.Resolve);
        var error = errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((2, 4));
        error.Message.ShouldContain("'*nothing'");
    }

    [Fact]
    public void Bulwark_pipelines_still_refuse_aliases()
    {
        var result = PipelineParser.Parse("on: push\njobs:\n  a: &a\n    steps: [{ run: make }]\n  b: *a\n");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Message.Contains("aliases (*name) are not allowed") && e.Line == 5);
    }

    [Fact]
    public void Audit_follows_anchors_in_gitlab_files_to_the_template_line()
    {
        using var repo = new AuditRepo().Write(".gitlab-ci.yml", ".img: &img\n  image: node:latest\nbuild:\n  <<: *img\n  script: [npm ci]\n");
        var finding = repo.Audit().Rule("pipeline-unpinned-image").ShouldHaveSingleItem();
        (finding.Location.Path, finding.Location.Line, finding.Location.Column).ShouldBe((".gitlab-ci.yml", 2, 10));
    }

    private static string CultureInfo(int i) => $"l{i}";
}
