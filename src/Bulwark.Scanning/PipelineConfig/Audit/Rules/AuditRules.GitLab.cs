using Bulwark.Core.Findings;

namespace Bulwark.Scanning.PipelineConfig.Audit.Rules;

internal static partial class AuditRules
{
    private const string Pinned = "alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a";

    public static readonly AuditRule DangerousTriggerForkSecrets = new(
        "pipeline-dangerous-trigger-fork-secrets", "Merge-request job uses secret variables",
        "The job runs for merge requests and reads variables that look like credentials. Pipelines for merge requests from forks that are run in the parent project (and, in GitHub-style setups, any contributor's branch pipeline) see those variables while running the contributor's code. In .bulwark.yml the same holds for a job with `secrets:` that runs on pull_request.",
        Severity.Medium, Confidence.Low,
        "Keep credentials in protected variables (released only to protected branches and tags), exclude fork merge requests with `if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID`, and run credentialed jobs only on the default branch or tags.")
    {
        MustMatch =
        [
            new(GitLab, $"publish:\n  image: {Pinned}\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n  script:\n    - ./upload.sh --token \"$PYPI_TOKEN\"\n"),
            new(Bulwark, "on: [push, pull_request]\njobs:\n  test:\n    secrets: [HF_TOKEN]\n    steps:\n      - run: pytest\n"),
        ],
        MustNotMatch =
        [
            new(GitLab, $"publish:\n  image: {Pinned}\n  rules:\n    - if: $CI_COMMIT_TAG\n  script:\n    - ./upload.sh --token \"$PYPI_TOKEN\"\n"),
            new(Bulwark, "on: [push, pull_request]\njobs:\n  test:\n    if: \"event != 'pull_request'\"\n    secrets: [HF_TOKEN]\n    steps:\n      - run: pytest\n"),
        ],
    };

    public static readonly AuditRule UnprotectedDeploy = new(
        "pipeline-dangerous-trigger-unprotected-deploy", "Deploy job runs for any branch",
        "A job that deploys (a deploy stage, an `environment:`, or a name saying so) has no rule restricting it to the default branch, tags or a manual action, so any branch or merge request pipeline deploys its own code.",
        Severity.Medium, Confidence.Medium,
        "Restrict the job: `rules: [{ if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH }]` (or `$CI_COMMIT_TAG`), protect the environment, and make production deploys `when: manual`. In .bulwark.yml add `if: \"branch == 'main' && event != 'pull_request'\"`.")
    {
        MustMatch =
        [
            new(GitLab, $"deploy:\n  stage: deploy\n  image: {Pinned}\n  environment: production\n  script: [./deploy.sh]\n"),
            new(Bulwark, "on: [push, pull_request]\njobs:\n  deploy:\n    environment: production\n    steps:\n      - run: ./deploy.sh\n"),
        ],
        MustNotMatch =
        [
            new(GitLab, $"deploy:\n  stage: deploy\n  image: {Pinned}\n  environment: production\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  script: [./deploy.sh]\n"),
            new(Bulwark, "on: [push, pull_request]\njobs:\n  deploy:\n    environment: production\n    if: \"branch == 'main' && event != 'pull_request'\"\n    steps:\n      - run: ./deploy.sh\n"),
        ],
    };

    public static readonly AuditRule CredentialPersistenceJobToken = new(
        "pipeline-credential-persistence-job-token", "CI_JOB_TOKEN handed to untrusted steps",
        "The job writes CI_JOB_TOKEN into a file or git configuration and keeps artifacts, or runs a remote script in the same job: the token (which can read the project and its registry, and push packages) leaves the job.",
        Severity.High, Confidence.Medium,
        "Use the token only in the command that needs it (`git clone https://gitlab-ci-token:${CI_JOB_TOKEN}@…` without saving it), never in files kept as artifacts or in jobs running unverified remote scripts; limit the token's scope in the project's CI/CD settings.")
    {
        MustMatch =
        [
            new(GitLab, $"build:\n  image: {Pinned}\n  script:\n    - echo \"machine gitlab.com login gitlab-ci-token password $CI_JOB_TOKEN\" > .netrc\n    - make\n  artifacts:\n    paths: [.]\n"),
            new(GitLab, $"build:\n  image: {Pinned}\n  script:\n    - export TOKEN=$CI_JOB_TOKEN\n    - curl -s https://get.example.com | sh\n"),
        ],
        MustNotMatch = [new(GitLab, $"build:\n  image: {Pinned}\n  script:\n    - git clone https://gitlab-ci-token:${{CI_JOB_TOKEN}}@gitlab.com/group/lib.git\n    - make\n  artifacts:\n    paths: [dist/]\n")],
    };

    public static readonly AuditRule UnpinnedInclude = new(
        "pipeline-unpinned-action-include", "Included CI configuration not pinned",
        "An `include:` of another project's file at a branch or tag, a remote URL, or a component at a moving version pulls pipeline code that its owners can change at any time; it runs with this project's variables.",
        Severity.Medium, Confidence.High,
        "Pin `include: project:` with `ref: <full commit SHA>` and components with `@<commit SHA>` or an exact version; copy remote files into the repository.")
    {
        MustMatch =
        [
            new(GitLab, $"include:\n  - project: group/ci-templates\n    ref: main\n    file: /build.yml\ntest:\n  image: {Pinned}\n  script: [make]\n"),
            new(GitLab, $"include:\n  - remote: https://example.com/ci.yml\ntest:\n  image: {Pinned}\n  script: [make]\n"),
        ],
        MustNotMatch = [new(GitLab, $"include:\n  - project: group/ci-templates\n    ref: 2f7c5bfce28377bc069a65ba478de0a74aa0ca32\n    file: /build.yml\n  - template: Security/SAST.gitlab-ci.yml\ntest:\n  image: {Pinned}\n  script: [make]\n")],
    };
}
