namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>bulwark.toml [pipeline] settings, command-line owners, GitLab local includes and discovery.</summary>
public sealed class AuditOptionsTests
{
    private const string Steps = "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n      - uses: my-org/deploy@v1\n      - uses: other/tool@v2\n";

    [Fact]
    public void Allowed_owners_and_disabled_rules_come_from_bulwark_toml_and_the_request()
    {
        using var repo = new AuditRepo()
            .Write(".github/workflows/a.yml", Steps)
            .Write("bulwark.toml", "[pipeline]\nallowed_owners = [\"actions\"]\ndisable_rules = [\"pipeline-excessive-permissions-default\"]\n");

        var fromConfig = repo.Audit();
        var withOwner = repo.Audit(r => r with { AllowedOwners = ["my-org/deploy"] });

        fromConfig.Rule("pipeline-unpinned-action").Select(f => f.Location.Line).ShouldBe([8, 9]);
        withOwner.Rule("pipeline-unpinned-action").Select(f => f.Location.Line).ShouldBe([9]);
    }

    [Fact]
    public void Gitlab_local_includes_are_audited_under_their_own_path_and_extends_resolves()
    {
        using var repo = new AuditRepo()
            .Write(".gitlab-ci.yml", "include:\n  - local: ci/templates.yml\n  - ci/jobs/*.yml\n  - local: ../outside.yml\n")
            .Write("ci/templates.yml", ".deploy:\n  image: alpine:3.19\n  stage: deploy\n")
            .Write("ci/jobs/prod.yml", "deploy_prod:\n  extends: .deploy\n  script: [./deploy.sh]\n");

        var outcome = repo.Audit();

        outcome.Rule("pipeline-unpinned-image").ShouldHaveSingleItem().Location.Path.ShouldBe("ci/templates.yml");
        var deploy = outcome.Rule("pipeline-dangerous-trigger-unprotected-deploy").ShouldHaveSingleItem();
        (deploy.Location.Path, deploy.Location.Line).ShouldBe(("ci/jobs/prod.yml", 1));
    }

    [Fact]
    public void Discovery_finds_workflows_actions_gitlab_and_bulwark_files_and_nothing_else()
    {
        using var repo = new AuditRepo()
            .Write(".github/workflows/ci.yaml", Steps)
            .Write(".github/actions/setup/action.yml", "runs:\n  using: composite\n  steps:\n    - uses: other/tool@v2\n")
            .Write("docs/example.yml", Steps)
            .Write("node_modules/x/action.yml", "runs:\n  using: composite\n  steps:\n    - uses: other/tool@v2\n");

        var paths = repo.Audit().Report.Findings.Select(f => f.Location.Path).Distinct().Order(StringComparer.Ordinal);

        paths.ShouldBe([".github/actions/setup/action.yml", ".github/workflows/ci.yaml"]);
    }
}
