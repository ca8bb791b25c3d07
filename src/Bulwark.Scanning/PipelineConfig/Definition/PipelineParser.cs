using System.Text;

namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Reads and validates a <c>.bulwark.yml</c> (format: docs/pipeline-reference.md). The text is untrusted: every
/// problem, from a YAML syntax error to a hard-coded credential, becomes a positioned <see cref="PipelineError"/>;
/// nothing throws on bad content. Thread-safe: each call has its own state.
/// </summary>
internal static class PipelineParser
{
    private static readonly IReadOnlyList<string> TopKeys = ["on", "jobs"];

    public static PipelineParseResult Parse(string text, PipelineLimits? limits = null)
    {
        limits ??= PipelineLimits.Default;
        var errors = new PipelineErrors(limits.MaxErrors);
        if (text.Length > limits.MaxBytes || Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
        {
            errors.Add($"file larger than {limits.MaxBytes} bytes", 1, 1);
            return new PipelineParseResult(null, errors.Sorted());
        }
        var root = YamlTreeReader.Read(text, limits, errors);
        if (root is null)
        {
            if (errors.Count == 0)
            {
                errors.Add("the pipeline is empty: it needs 'on' and 'jobs'", 1, 1);
            }
            return new PipelineParseResult(null, errors.Sorted());
        }
        var reader = new NodeReader(errors);
        var definition = Read(root, reader, limits);
        var sorted = errors.Sorted();
        return new PipelineParseResult(sorted.Count == 0 ? definition : null, sorted);
    }

    private static PipelineDefinition? Read(YamlNode root, NodeReader reader, PipelineLimits limits)
    {
        if (!reader.IsMapping(root, "the pipeline"))
        {
            return null;
        }
        reader.CheckKeys(root, TopKeys, "the pipeline");
        var on = root.Entries.Find(e => e.Key == "on");
        var jobs = root.Entries.Find(e => e.Key == "jobs");
        if (on is null || jobs is null)
        {
            reader.Errors.Add($"the pipeline needs '{(on is null ? "on" : "jobs")}'", root);
        }
        var triggers = on is null ? new PipelineTriggers() : TriggerReader.Read(on.Value, reader);
        var definitions = jobs is null ? [] : ReadJobs(jobs.Value, reader, limits);
        JobGraph.CheckAcyclic(definitions, reader.Errors);
        return new PipelineDefinition(triggers, definitions);
    }

    private static List<JobDefinition> ReadJobs(YamlNode node, NodeReader reader, PipelineLimits limits)
    {
        var jobs = new List<JobDefinition>();
        if (!reader.IsMapping(node, "jobs"))
        {
            return jobs;
        }
        if (node.Entries.Count == 0 || node.Entries.Count > limits.MaxJobs)
        {
            reader.Errors.Add($"jobs must hold between 1 and {limits.MaxJobs} jobs, not {node.Entries.Count}", node);
            return jobs;
        }
        var names = node.Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var jobReader = new JobReader(reader, limits, names, new CredentialCheck());
        foreach (var entry in node.Entries)
        {
            if (!PipelineValues.IsJobName(entry.Key))
            {
                reader.Errors.Add($"job name '{entry.Key}' must match [A-Za-z_][A-Za-z0-9_-]{{0,63}}", entry.Line, entry.Column);
            }
            if (jobReader.Read(entry) is { } job)
            {
                jobs.Add(job);
            }
        }
        return jobs;
    }
}
