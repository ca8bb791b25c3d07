using Bulwark.Server.Runs;
using Bulwark.Server.Web.Pages.Runs;

namespace Bulwark.Server.Tests.Web;

public sealed class JobGraphTests
{
    [Fact]
    public void A_job_stands_one_stage_after_the_longest_chain_of_its_needs()
    {
        // lint ─► test ─► package ─► deploy, and scan ─► deploy: deploy waits for the longer chain.
        var stages = JobGraph.Stages([Job("lint"), Job("scan"), Job("test", "lint"), Job("package", "test"), Job("deploy", "package", "scan"), Job("docs")]);
        Names(stages).ShouldBe([["lint", "scan", "docs"], ["test"], ["package"], ["deploy"]]);
    }

    [Fact]
    public void Unknown_needs_and_cycles_in_a_stored_run_still_get_a_layout()
    {
        var stages = JobGraph.Stages([Job("a", "b"), Job("b", "a"), Job("c", "ghost"), Job("d", "d")]);
        stages.Sum(s => s.Count).ShouldBe(4);
        Names(stages)[0].ShouldContain("c");
        Names(stages)[0].ShouldContain("d");
    }

    [Fact]
    public void No_jobs_no_stages() => JobGraph.Stages([]).ShouldBeEmpty();

    private static JobDetails Job(string name, params string[] needs) =>
        new(name, JobStatus.Pending, needs, null, 0, null, null, null, [], []);

    private static List<List<string>> Names(IReadOnlyList<IReadOnlyList<JobDetails>> stages) =>
        stages.Select(s => s.Select(j => j.Name).ToList()).ToList();
}
