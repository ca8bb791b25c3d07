namespace Bulwark.Runner.Gates;

/// <summary>The built-in gates a step can use as <c>uses: bulwark/NAME</c>, mapped onto the CLI's commands and flags.</summary>
internal static class GateCatalog
{
    private static readonly GateParameter Path = new("path", GateValueKind.Path, null, "what to scan, relative to the workspace (default: the whole workspace)");
    private static readonly GateParameter FailOn = new("fail-on", GateValueKind.Severity, "--fail-on", "the lowest severity that fails the step");
    private static readonly GateParameter Baseline = new("baseline", GateValueKind.Path, "--baseline", "a baseline file in the workspace whose findings are ignored");
    private static readonly GateParameter Exclude = new("exclude", GateValueKind.List, "--exclude", "gitignore-style patterns to skip (comma-separated)");
    private static readonly GateParameter NoIgnore = new("no-ignore", GateValueKind.Flag, "--no-ignore", "also scan what .gitignore excludes");

    public static IReadOnlyList<GateDefinition> All { get; } =
    [
        new("secrets-scan", ["secrets", "scan"],
            [Path, FailOn, Baseline, Exclude, NoIgnore,
             new("history", GateValueKind.Flag, "--history", "scan every blob of the git history (needs a checkout with history: depth 0)"),
             new("since", GateValueKind.Text, "--since", "with history: only commits newer than this revision"),
             new("config", GateValueKind.Path, "--config", "a gitleaks-format TOML rules file in the workspace"),
             new("max-file-size", GateValueKind.Text, "--max-file-size", "skip larger files (e.g. 10MB)")],
            WritesJsonReport: true, "finds leaked credentials in the workspace (default fail-on: high)"),
        new("deps-audit", ["deps", "audit"],
            [Path, FailOn, Baseline, Exclude, NoIgnore,
             new("ignore", GateValueKind.List, "--ignore", "advisory ids not to report (comma-separated)"),
             new("skip-dev", GateValueKind.Flag, "--skip-dev", "leave development-only dependencies out"),
             new("max-db-age", GateValueKind.Number, "--max-db-age", "warn when the advisory database is older than this many days")],
            WritesJsonReport: true, "reports locked dependencies with known vulnerabilities (OSV; default fail-on: medium)")
        {
            NeedsAdvisoryDatabase = true,
        },
        new("model-scan", ["model", "scan"],
            [Path, FailOn, Baseline, Exclude,
             new("strict", GateValueKind.Flag, "--strict", "report unknown pickle globals at high severity"),
             new("allow-global", GateValueKind.List, "--allow-global", "trusted globals, module.name or module.* (comma-separated)")],
            WritesJsonReport: true, "finds malicious constructs in model files (default fail-on: high)"),
        new("verify-signature", ["verify"],
            [Path,
             new("signature", GateValueKind.Path, "--signature", "the signature bundle (default: model.sig)"),
             new("key", GateValueKind.Path, "--key", "the signer's ECDSA public key (PEM) in the workspace"),
             new("cert-chain", GateValueKind.Path, "--cert-chain", "trusted CA certificates (PEM) in the workspace"),
             new("ignore-unsigned-files", GateValueKind.Flag, "--ignore-unsigned-files", "do not fail on files the signature does not cover"),
             new("ignore-paths", GateValueKind.List, "--ignore-paths", "paths relative to the model to leave out (comma-separated)")],
            WritesJsonReport: false, "verifies a signed model: signature, statement and every file's digest"),
        new("pipeline-audit", ["pipeline", "audit"],
            [Path, FailOn, Baseline, Exclude, NoIgnore,
             new("allow-owner", GateValueKind.List, "--allow-owner", "action owners or owner/repo that may be pinned by tag (comma-separated)")],
            WritesJsonReport: true, "audits GitHub Actions, GitLab CI and .bulwark.yml files for injection, unpinned actions, excessive permissions… (default fail-on: high)")
        {
            // Only for the known-vulnerable-action rule; without a database that rule is skipped with a note.
            NeedsAdvisoryDatabase = true,
        },
        new("data-check", ["data", "check"],
            [Workspace("reference", "--reference", "the approved dataset (.csv or .jsonl) in the workspace"),
             Workspace("candidate", "--candidate", "the dataset to check"),
             new("label-column", GateValueKind.Text, "--label-column", "the label column"),
             new("text-column", GateValueKind.Text, "--text-column", "the free-text column of text data (default: text)"),
             Workspace("config", "--config", "a bulwark.toml with [data] thresholds"),
             Workspace("manifest", "--manifest", "a signed dataset manifest to verify the files against first"),
             Workspace("signature", "--signature", "the manifest's signature bundle"),
             Workspace("key", "--key", "the public key (PEM) the manifest was signed with"),
             FailOn, Baseline],
            WritesJsonReport: true, "compares a candidate training set with the approved one: schema, drift, label noise, duplicates, outliers, backdoor triggers")
        {
            TakesPath = false,
        },
        new("eval-gate", ["eval", "gate"],
            [Workspace("metrics", "--metrics", "the new model's evaluation (JSON)"),
             Workspace("baseline", "--baseline", "the approved model's evaluation (JSON)"),
             Workspace("rules", "--rules", "gate rules (TOML): thresholds, allowed regressions, required benchmarks"),
             Workspace("model", "--model", "the model file being released (its SHA-256 must match the metrics)"),
             Workspace("provenance", "--provenance", "a SLSA provenance bundle whose subjects name the model"),
             FailOn],
            WritesJsonReport: true, "gates a release on its evaluation: thresholds, regressions, benchmarks, model digest")
        {
            TakesPath = false,
        },
        new("code-scan", ["code", "scan"],
            [Path, FailOn, Baseline, Exclude, NoIgnore,
             new("import", GateValueKind.PathList, "--import", "other analysers' SARIF reports in the workspace to merge, de-duplicated (comma-separated)"),
             new("disable-rule", GateValueKind.List, "--disable-rule", "rule ids never to report (comma-separated)")],
            WritesJsonReport: true, "finds unsafe deserialisation, trust_remote_code, injection, disabled TLS… in Python files and notebooks (default fail-on: high)"),
        new("dast", ["dast"],
            [new("url", GateValueKind.Text, null, "the deployed service's base URL (http:// or https://); the scan stays on its scheme, host and port") { Required = true },
             new("openapi", GateValueKind.PathOrUrl, "--openapi", "the service's OpenAPI or Swagger document: a file in the workspace, or a URL on the target"),
             new("auth-header", GateValueKind.Secret, null, "a header sent with every request, its credential from a job secret: 'Authorization: Bearer ${{ secrets.NAME }}'")
             {
                 Variable = DastAuthHeaderVariable,
             },
             new("max-requests", GateValueKind.Number, "--max-requests", "requests to send at most (default 10000)"),
             new("max-time", GateValueKind.Number, "--max-time", "seconds the scan may take at most (default 300)"),
             new("rate", GateValueKind.Number, "--rate", "requests per second at most (default 100)"),
             new("allow-destructive", GateValueKind.Flag, "--allow-destructive", "also send PUT/PATCH/DELETE and non-inference POSTs (disposable environments only)"),
             new("insecure", GateValueKind.Flag, "--insecure", "accept TLS certificates that do not validate (self-signed staging)"),
             new("exclude-path", GateValueKind.List, "--exclude-path", "URL paths never to request, /logout or /admin/* (comma-separated; adds to [dast] exclude_paths)"),
             Workspace("config", "--config", "a bulwark.toml with a [dast] table (default: bulwark.toml at the workspace root, if any)"),
             FailOn, Baseline],
            WritesJsonReport: true, "scans a deployed service: headers, cookies, CORS, exposed files, injection, SSRF, JWT, ML serving (default fail-on: high)")
        {
            TakesPath = false,
            // The one gate that must reach a service; it gets the job's network and nothing more (none by default).
            UsesJobNetwork = true,
        },
    ];

    /// <summary>The variable <c>bulwark dast</c> reads its auth header from when <c>--auth-header</c> is not given.</summary>
    public const string DastAuthHeaderVariable = "BULWARK_DAST_AUTH_HEADER";

    private static GateParameter Workspace(string key, string option, string description) => new(key, GateValueKind.Path, option, description);

    /// <summary>The gate for a step's <c>uses:</c> (with or without the <c>bulwark/</c> prefix), or null.</summary>
    public static GateDefinition? Find(string uses)
    {
        var name = uses.StartsWith("bulwark/", StringComparison.Ordinal) ? uses["bulwark/".Length..] : uses;
        // The pipeline validator's gate list spells it after the CLI command.
        name = name == "verify" ? "verify-signature" : name;
        return All.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));
    }
}
