using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

public sealed class PipelineParserTests
{
    private static PipelineError SingleError(string yaml)
    {
        var result = PipelineParser.Parse(yaml);
        result.Definition.ShouldBeNull();
        return result.Errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void Full_example_round_trips_into_the_model()
    {
        var result = PipelineParser.Parse(PipelineSamples.Full);

        result.Errors.ShouldBeEmpty();
        var definition = result.Definition.ShouldNotBeNull();
        definition.Triggers.Push.ShouldBe(new RefFilter(["main", "release/*"], ["v*"]), new RefFilterComparer());
        definition.Triggers.PullRequest!.Branches.ShouldBe(["main"]);
        definition.Triggers.Tag.ShouldBeTrue();
        definition.Triggers.Manual.ShouldBeTrue();
        definition.Triggers.Schedules.ShouldBe(["0 3 * * *"]);
        definition.Jobs.Select(j => j.Name).ShouldBe(["lint", "build"]);
        var build = definition.Jobs[1];
        build.Line.ShouldBe(11);
        build.RunsOn.ShouldBe(["linux"]);
        build.Needs.ShouldBe(["lint"]);
        build.If!.Evaluate(new ConditionContext("main", "", "push")).ShouldBeTrue();
        build.If.Evaluate(new ConditionContext("main", "", "pull_request")).ShouldBeFalse();
        build.Env.ShouldBe(new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" });
        build.Secrets.ShouldBe(["HF_TOKEN"]);
        build.Timeout.ShouldBe(TimeSpan.FromMinutes(30));
        build.Network.ShouldBe(JobNetwork.None);
        build.Environment.ShouldBe("production");
        build.Artifacts.ShouldBe(["dist/**", "reports/*.sarif"]);
        build.Steps.Count.ShouldBe(2);
        (build.Steps[0].Name, build.Steps[0].Run, build.Steps[0].Uses, build.Steps[0].Line, build.Steps[0].Column).ShouldBe(("test", "pytest -q", null, 22, 9));
        build.Steps[1].Uses.ShouldBe("secrets-scan");
        build.Steps[1].With.ShouldBe(new Dictionary<string, string> { ["path"] = ".", ["fail-on"] = "high" });
        definition.Jobs[0].Timeout.ShouldBe(TimeSpan.FromMinutes(60));
        definition.Jobs[0].Network.ShouldBe(JobNetwork.None);
    }

    [Fact]
    public void Short_trigger_forms_enable_triggers_with_default_filters()
    {
        var result = PipelineParser.Parse("on: [push, manual]\njobs:\n  a:\n    steps: [{ run: make }]\n");

        result.Errors.ShouldBeEmpty();
        result.Definition!.Triggers.Push.ShouldNotBeNull().Branches.ShouldBeEmpty();
        result.Definition.Triggers.Manual.ShouldBeTrue();
        result.Definition.Triggers.PullRequest.ShouldBeNull();
    }

    [Theory]
    [InlineData("    steps: [{ run: a }]\n    timout: 5m\n", "unknown key 'timout' in job 'a' (did you mean 'timeout'?)", 5, 5)]
    [InlineData("    steps: [{ run: a }]\n    steps: [{ run: b }]\n", "duplicate key 'steps'", 5, 5)]
    [InlineData("    steps: [{ run: a }]\n    timeout: 25h\n", "timeout '25h' must be a number followed by s, m or h, above zero and at most 24h", 5, 14)]
    [InlineData("    steps: [{ run: a }]\n    network: host\n", "network 'host' must be 'none' or 'egress'", 5, 14)]
    [InlineData("    steps: [{ run: a }]\n    secrets: [HF-TOKEN]\n", "secret name 'HF-TOKEN' must match [A-Za-z_][A-Za-z0-9_]{0,127}", 5, 15)]
    [InlineData("    steps: [{ run: a }]\n    artifacts: [../etc/passwd]\n", "artifact path '../etc/passwd' must be relative to the workspace, without '..'", 5, 17)]
    [InlineData("    steps: [{ run: a }]\n    artifacts: [/etc/passwd]\n", "artifact path '/etc/passwd' must be relative to the workspace, without '..'", 5, 17)]
    [InlineData("    steps: [{ run: a }]\n    env: [A]\n", "env must be a mapping, not a list", 5, 10)]
    [InlineData("    steps: [{ run: a }]\n    environment: { name: prod }\n", "environment must be a string, not a mapping", 5, 18)]
    [InlineData("    steps: [{ uses: bulwark/secret-scan }]\n", "unknown gate 'bulwark/secret-scan': use bulwark/<gate> with one of secrets-scan, deps-audit, model-scan, verify-signature, verify, pipeline-audit, data-check, eval-gate, code-scan, dast (did you mean 'bulwark/secrets-scan'?)", 4, 21)]
    [InlineData("    steps: [{ uses: actions/checkout@v4 }]\n", "unknown gate 'actions/checkout@v4': use bulwark/<gate> with one of secrets-scan, deps-audit, model-scan, verify-signature, verify, pipeline-audit, data-check, eval-gate, code-scan, dast", 4, 21)]
    [InlineData("    steps: [{ name: x }]\n", "a step needs exactly one of 'run' and 'uses'", 4, 13)]
    [InlineData("    steps: [{ run: a, with: { x: y } }]\n", "'with' applies only to 'uses' steps", 4, 23)]
    [InlineData("    steps: []\n", "steps of job 'a' must be a non-empty list", 4, 12)]
    [InlineData("    runs-on: [linux]\n", "job 'a' has no 'steps'", 3, 3)]
    [InlineData("    needs: [lnt]\n    steps: [{ run: a }]\n", "needs unknown job 'lnt'", 4, 13)]
    [InlineData("    needs: [a]\n    steps: [{ run: a }]\n", "job 'a' cannot need itself", 4, 13)]
    [InlineData("    if: \"branch = 'main'\"\n    steps: [{ run: a }]\n", "invalid if: expected '==' or '!=' after a value", 4, 17)]
    public void Job_errors_point_at_the_offending_line_and_column(string job, string message, int line, int column)
    {
        SingleError(PipelineSamples.WithJob(job)).ShouldBe(new PipelineError(message, line, column));
    }

    [Theory]
    [InlineData("jobs:\n  a:\n    steps: [{ run: a }]\n", "the pipeline needs 'on'", 1, 1)]
    [InlineData("on: push\n", "the pipeline needs 'jobs'", 1, 1)]
    [InlineData("on: push\njob: {}\njobs:\n  a:\n    steps: [{ run: a }]\n", "unknown key 'job' in the pipeline (did you mean 'jobs'?)", 2, 1)]
    [InlineData("on: [push, nightly]\njobs:\n  a:\n    steps: [{ run: a }]\n", "unknown trigger 'nightly' (allowed: push, pull_request, tag, manual, schedule)", 1, 12)]
    [InlineData("on:\n  schedule: [{ cron: \"0 3 * *\" }]\njobs:\n  a:\n    steps: [{ run: a }]\n", "cron '0 3 * *' must have five fields of digits and * / , -", 2, 23)]
    [InlineData("on:\n  push: { branch: [main] }\njobs:\n  a:\n    steps: [{ run: a }]\n", "unknown key 'branch' in on.push (did you mean 'branches'?)", 2, 11)]
    [InlineData("on:\n  pull_request: { tags: [v1] }\njobs:\n  a:\n    steps: [{ run: a }]\n", "unknown key 'tags' in on.pull_request (allowed: branches)", 2, 19)]
    [InlineData("on:\n  manual: { x: 1 }\njobs:\n  a:\n    steps: [{ run: a }]\n", "on.manual takes no settings: write {} or leave it empty", 2, 11)]
    [InlineData("on: push\njobs:\n  a b:\n    steps: [{ run: a }]\n", "job name 'a b' must match [A-Za-z_][A-Za-z0-9_-]{0,63}", 3, 3)]
    [InlineData("on: push\njobs:\n  a:\n    steps: [{ run: a }\n", "invalid YAML: While parsing a flow sequence, did not find expected ',' or ']'.", 5, 1)]
    [InlineData("- a\n", "the pipeline must be a mapping, not a list", 1, 1)]
    [InlineData("", "the pipeline is empty: it needs 'on' and 'jobs'", 1, 1)]
    [InlineData("on: push\n---\njobs: {}\n", "only one YAML document is allowed", 2, 1)]
    [InlineData("on: &p push\njobs:\n  a:\n    steps: [{ run: *p }]\n", "YAML aliases (*name) are not allowed in a pipeline", 4, 20)]
    public void Pipeline_errors_point_at_the_offending_line_and_column(string yaml, string message, int line, int column)
    {
        SingleError(yaml).ShouldBe(new PipelineError(message, line, column));
    }

    [Fact]
    public void A_cycle_is_reported_once_naming_every_job_on_it()
    {
        const string yaml = "on: push\njobs:\n  a:\n    needs: [c]\n    steps: [{ run: a }]\n  b:\n    needs: [a]\n    steps: [{ run: b }]\n  c:\n    needs: [b]\n    steps: [{ run: c }]\n";

        SingleError(yaml).ShouldBe(new PipelineError("jobs form a cycle through 'needs': a -> c -> b -> a", 3, 3));
    }

    [Fact]
    public void Limits_on_size_depth_jobs_and_steps_are_errors()
    {
        var small = new PipelineLimits { MaxBytes = 100, MaxJobs = 1, MaxSteps = 1 };

        PipelineParser.Parse(PipelineSamples.Full, small).Errors.ShouldHaveSingleItem().Message.ShouldBe("file larger than 100 bytes");
        PipelineParser.Parse("on: push\njobs: {a: {steps: [{run: a}]}, b: {steps: [{run: b}]}}", small with { MaxBytes = 1000 })
            .Errors.ShouldHaveSingleItem().Message.ShouldBe("jobs must hold between 1 and 1 jobs, not 2");
        PipelineParser.Parse("on: push\njobs: {a: {steps: [{run: a}, {run: b}]}}", small with { MaxBytes = 1000 })
            .Errors.ShouldHaveSingleItem().Message.ShouldBe("job 'a' has 2 steps; at most 1 are allowed");
        PipelineParser.Parse("on: push\njobs: {a: {steps: [{run: [[[x]]]}]}}", small with { MaxBytes = 1000, MaxDepth = 4 })
            .Errors.ShouldHaveSingleItem().Message.ShouldBe("YAML nested deeper than 4 levels");
    }

    private sealed class RefFilterComparer : IEqualityComparer<RefFilter?>
    {
        public bool Equals(RefFilter? x, RefFilter? y) =>
            x is not null && y is not null && x.Branches.SequenceEqual(y.Branches) && x.Tags.SequenceEqual(y.Tags);

        public int GetHashCode(RefFilter? obj) => 0;
    }
}
