using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// Builds a <see cref="Workflow"/> view of a workflow or action file. Wrong shapes and unknown keys become
/// positioned warnings (GitHub would refuse or ignore them); whatever can be read is still audited.
/// </summary>
internal static class WorkflowReader
{
    private static readonly string[] WorkflowKeys = ["name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"];

    private static readonly string[] ActionKeys = ["name", "author", "description", "inputs", "outputs", "runs", "branding"];

    private static readonly string[] JobKeys =
    [
        "name", "permissions", "needs", "if", "runs-on", "environment", "concurrency", "outputs", "env", "defaults", "steps",
        "timeout-minutes", "strategy", "continue-on-error", "container", "services", "uses", "with", "secrets",
    ];

    private static readonly string[] StepKeys = ["id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env", "continue-on-error", "timeout-minutes"];

    public static Workflow Read(AuditFile file, PipelineErrors warnings)
    {
        var root = file.Root;
        if (!root.IsMapping())
        {
            warnings.Add($"a {(file.Kind == PipelineFileKind.GitHubAction ? "action" : "workflow")} must be a mapping, not {root.Describe()}", root);
            return new Workflow(file, new HashSet<string>(), null, null, []);
        }
        if (file.Kind == PipelineFileKind.GitHubAction)
        {
            CheckKeys(root, ActionKeys, "the action", warnings);
            var runs = root.Get("runs");
            var steps = Steps(runs.Get("steps"), warnings);
            var job = new WorkflowJob("(action)", new YamlEntry("runs", root.Line, root.Column, runs ?? root), steps);
            return new Workflow(file, new HashSet<string>(StringComparer.Ordinal), null, null, [job]);
        }
        CheckKeys(root, WorkflowKeys, "the workflow", warnings);
        var on = root.Get("on");
        var jobs = new List<WorkflowJob>();
        foreach (var entry in root.Get("jobs").Entries())
        {
            if (!entry.Value.IsMapping())
            {
                warnings.Add($"job '{entry.Key}' must be a mapping, not {entry.Value.Describe()}", entry.Value);
                continue;
            }
            CheckKeys(entry.Value, JobKeys, $"job '{entry.Key}'", warnings);
            jobs.Add(new WorkflowJob(entry.Key, entry, Steps(entry.Value.Get("steps"), warnings)));
        }
        return new Workflow(file, Triggers(on), root.Entry("permissions"), root.Get("env"), jobs)
        {
            PushesTags = on.Get("push").Get("tags") is not null,
        };
    }

    private static HashSet<string> Triggers(YamlNode? on)
    {
        var triggers = new HashSet<string>(StringComparer.Ordinal);
        if (on.IsMapping())
        {
            foreach (var entry in on!.Entries)
            {
                triggers.Add(entry.Key);
            }
        }
        else
        {
            foreach (var item in on.Items())
            {
                if (item.Text() is { } name)
                {
                    triggers.Add(name);
                }
            }
        }
        return triggers;
    }

    private static List<WorkflowStep> Steps(YamlNode? node, PipelineErrors warnings)
    {
        var steps = new List<WorkflowStep>();
        foreach (var item in node is { Kind: YamlNodeKind.Sequence } ? node.Items : [])
        {
            if (!item.IsMapping())
            {
                warnings.Add($"a step must be a mapping, not {item.Describe()}", item);
                continue;
            }
            CheckKeys(item, StepKeys, "a step", warnings);
            steps.Add(new WorkflowStep(item, steps.Count));
        }
        return steps;
    }

    private static void CheckKeys(YamlNode mapping, string[] allowed, string where, PipelineErrors warnings)
    {
        foreach (var entry in mapping.Entries)
        {
            if (!allowed.Contains(entry.Key, StringComparer.Ordinal))
            {
                var suggestion = NodeReader.NearestKey(entry.Key, allowed);
                warnings.Add($"unknown key '{entry.Key}' in {where}" + (suggestion is null ? "" : $" (did you mean '{suggestion}'?)"), entry.Line, entry.Column);
            }
        }
    }
}
