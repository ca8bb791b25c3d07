using Bulwark.Scanning.PipelineConfig.Audit;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>--fix: expressions move from run: into env:, checkouts get persist-credentials: false, and the result audits clean of both.</summary>
public sealed class FixTests
{
    private const string Workflow = """
        on: pull_request
        permissions: {}
        jobs:
          greet:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
              - name: Greet
                run: |
                  echo "Title: ${{ github.event.pull_request.title }}"
                  echo "Again: ${{ github.event.pull_request.title }} by ${{ github.event.pull_request.user.login }}"
              - run: echo ${{ github.head_ref }}
                env:
                  MODE: ci
              - run: echo '${{ github.event.pull_request.body }}'

        """;

    [Fact]
    public void Fixes_are_planned_as_a_diff_and_apply_to_a_file_that_audits_clean()
    {
        using var repo = new AuditRepo().Write(".github/workflows/greet.yml", Workflow);

        var outcome = repo.Audit(r => r with { Fix = true });

        var file = outcome.Fixes.ShouldHaveSingleItem();
        file.Path.ShouldBe(".github/workflows/greet.yml");
        file.After.ShouldContain("""
                  - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
                    with:
                      persist-credentials: false
                  - name: Greet
                    env:
                      PULL_REQUEST_TITLE: ${{ github.event.pull_request.title }}
                    run: |
                      echo "Title: ${PULL_REQUEST_TITLE}"
                      echo "Again: ${PULL_REQUEST_TITLE} by ${{ github.event.pull_request.user.login }}"
                  - run: echo ${HEAD_REF}
                    env:
                      HEAD_REF: ${{ github.head_ref }}
                      MODE: ci
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        // Inside single quotes a shell variable would not expand: that one is left for a person.
        file.After.ShouldContain("echo '${{ github.event.pull_request.body }}'");
        file.Diff.ShouldStartWith("--- a/.github/workflows/greet.yml\n+++ b/.github/workflows/greet.yml\n@@ ");
        file.Diff.ShouldContain("+        with:\n+          persist-credentials: false\n");
        file.Diff.ShouldContain("-          echo \"Title: ${{ github.event.pull_request.title }}\"\n");

        File.WriteAllText(Path.Combine(repo.Root, file.Path), file.After);
        var after = repo.Audit();
        after.Rule("pipeline-template-injection").ShouldHaveSingleItem().Location.Line.ShouldBe(20);
        after.Rule("pipeline-credential-persistence-checkout").ShouldBeEmpty();
        after.Report.Notices.ShouldAllBe(n => n.Level == Core.Findings.NoticeLevel.Info);
    }

    [Fact]
    public void Crlf_files_keep_their_line_endings_and_flow_steps_are_left_alone()
    {
        using var repo = new AuditRepo()
            .Write(".github/workflows/crlf.yml", "on: push\r\npermissions: {}\r\njobs:\r\n  a:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\r\n      - run: make\r\n")
            .Write(".github/workflows/flow.yml", "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - { uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 }\n      - run: make\n");

        var fixes = repo.Audit(r => r with { Fix = true }).Fixes;

        var crlf = fixes.ShouldHaveSingleItem();
        crlf.Path.ShouldBe(".github/workflows/crlf.yml");
        crlf.After.ShouldContain("\r\n        with:\r\n          persist-credentials: false\r\n      - run: make\r\n");
        crlf.After.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain("\n");
    }

    [Fact]
    public void Powershell_steps_use_env_syntax()
    {
        using var repo = new AuditRepo().Write(".github/workflows/win.yml",
            "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - run: Write-Output \"${{ github.event.pull_request.title }}\"\n");

        var file = repo.Audit(r => r with { Fix = true }).Fixes.ShouldHaveSingleItem();

        file.After.ShouldContain("      - run: Write-Output \"$env:PULL_REQUEST_TITLE\"\n        env:\n          PULL_REQUEST_TITLE: ${{ github.event.pull_request.title }}\n");
    }
}
