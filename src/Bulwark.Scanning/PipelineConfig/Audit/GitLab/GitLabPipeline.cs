using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitLab;

/// <summary>A YAML entry and the file it was written in (an included file or the root).</summary>
internal sealed record Sourced(YamlEntry Entry, AuditFile File)
{
    public YamlNode Value => Entry.Value;
}

/// <summary>
/// A GitLab CI job with <c>extends:</c> resolved: each key maps to the entry that finally applies and the file
/// that wrote it, so findings point at the template line a job inherited.
/// </summary>
internal sealed record GitLabJob(string Name, Sourced Definition, IReadOnlyDictionary<string, Sourced> Keys)
{
    public Sourced? this[string key] => Keys.GetValueOrDefault(key);

    public YamlNode? Get(string key) => this[key]?.Value;
}

/// <summary>A root <c>.gitlab-ci.yml</c> with its local includes read: global keys, <c>default:</c> and the visible jobs.</summary>
internal sealed record GitLabPipeline(AuditFile Root, IReadOnlyList<AuditFile> Files, IReadOnlyDictionary<string, Sourced> Globals, IReadOnlyList<GitLabJob> Jobs)
{
    /// <summary>Top-level keys that are not jobs.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "stages", "variables", "default", "include", "workflow", "image", "services", "before_script", "after_script", "cache", "spec", "pages:deploy",
    };

    /// <summary>A default the job did not override: <c>default: image:</c>, or the older top-level <c>image:</c>.</summary>
    public Sourced? Default(string key) =>
        Globals.TryGetValue("default", out var defaults) && defaults.Value.Entry(key) is { } entry ? new Sourced(entry, defaults.File)
        : Globals.GetValueOrDefault(key);
}
