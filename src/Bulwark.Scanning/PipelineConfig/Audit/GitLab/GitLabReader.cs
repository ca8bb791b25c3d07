using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitLab;

/// <summary>
/// Reads a root <c>.gitlab-ci.yml</c>, follows its local <c>include:</c> files (bounded count, inside the audit
/// root only, no cycles) and resolves <c>extends:</c> (bounded depth). Remote, project, template and component
/// includes are not fetched; the include check judges how they are pinned.
/// </summary>
internal sealed class GitLabReader(string root, Func<string, AuditFile?> load, AuditLimits limits)
{
    private const int MaxExtendsDepth = 11;

    private readonly List<AuditFile> _files = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public GitLabPipeline Read(AuditFile file, AuditSink sink)
    {
        var globals = new Dictionary<string, Sourced>(StringComparer.Ordinal);
        var definitions = new Dictionary<string, Sourced>(StringComparer.Ordinal);
        _seen.Add(file.Path);
        Collect(file, globals, definitions, sink);
        var jobs = new List<GitLabJob>();
        foreach (var (name, definition) in definitions)
        {
            if (name.StartsWith('.') || !definition.Value.IsMapping())
            {
                continue;
            }
            var keys = new Dictionary<string, Sourced>(StringComparer.Ordinal);
            Resolve(definition, definitions, keys, 0, sink);
            jobs.Add(new GitLabJob(name, definition, keys));
        }
        return new GitLabPipeline(file, _files, globals, jobs);
    }

    /// <summary>Included files first, then this file's entries: a file's own definitions override included ones.</summary>
    private void Collect(AuditFile file, Dictionary<string, Sourced> globals, Dictionary<string, Sourced> definitions, AuditSink sink)
    {
        if (!file.Root.IsMapping())
        {
            sink.Warnings.Add($"a GitLab CI file must be a mapping, not {file.Root.Describe()}", file.Root);
            return;
        }
        foreach (var include in Includes(file.Root.Get("include")))
        {
            if (include.Text("local") is { } local && _files.Count < limits.MaxIncludes)
            {
                foreach (var path in Expand(local))
                {
                    if (_seen.Add(path) && load(path) is { } included)
                    {
                        _files.Add(included);
                        Collect(included, globals, definitions, sink);
                    }
                }
            }
        }
        foreach (var entry in file.Root.Entries)
        {
            var sourced = new Sourced(entry, file);
            if (GitLabPipeline.Reserved.Contains(entry.Key))
            {
                globals[entry.Key] = sourced;
            }
            else
            {
                definitions[entry.Key] = sourced;
            }
        }
    }

    /// <summary>The include entries as mappings: a plain string is a local file, or a remote one when it is a URL.</summary>
    internal static IEnumerable<YamlNode> Includes(YamlNode? include)
    {
        foreach (var item in include is { Kind: YamlNodeKind.Sequence } ? include.Items : include is null ? [] : [include])
        {
            if (item.Text() is { } text)
            {
                var key = text.StartsWith("https://", StringComparison.Ordinal) || text.StartsWith("http://", StringComparison.Ordinal) ? "remote" : "local";
                var node = new YamlNode(YamlNodeKind.Mapping, item.Line, item.Column);
                node.Entries.Add(new YamlEntry(key, item.Line, item.Column, item));
                yield return node;
            }
            else if (item.IsMapping())
            {
                yield return item;
            }
        }
    }

    /// <summary>Local include paths (relative to the repository root), with <c>*</c> globs in the file name, kept inside the root.</summary>
    private IEnumerable<string> Expand(string local)
    {
        var relative = local.Trim().TrimStart('/');
        if (relative.Length == 0 || relative.Split('/').Contains(".."))
        {
            yield break;
        }
        if (!relative.Contains('*'))
        {
            yield return relative;
            yield break;
        }
        var folder = Path.GetDirectoryName(relative) ?? "";
        var directory = Path.Combine(root, folder);
        if (folder.Contains('*') || !Directory.Exists(directory))
        {
            yield break;
        }
        foreach (var path in Directory.EnumerateFiles(directory, Path.GetFileName(relative)).Order(StringComparer.Ordinal).Take(limits.MaxIncludes))
        {
            yield return Path.GetRelativePath(root, path).Replace('\\', '/');
        }
    }

    private static void Resolve(Sourced job, Dictionary<string, Sourced> definitions, Dictionary<string, Sourced> keys, int depth, AuditSink sink)
    {
        if (depth >= MaxExtendsDepth)
        {
            sink.Warnings.Add($"extends: nested deeper than {MaxExtendsDepth - 1} levels", job.Entry.Line, job.Entry.Column);
            return;
        }
        foreach (var parent in job.Value.Get("extends").Items())
        {
            if (parent.Text() is { } name && definitions.TryGetValue(name, out var template) && template.Value.IsMapping())
            {
                Resolve(template, definitions, keys, depth + 1, sink);
            }
        }
        foreach (var entry in job.Value.Entries)
        {
            if (entry.Key == "variables" && keys.TryGetValue("variables", out var inherited) && entry.Value.IsMapping() && inherited.Value.IsMapping())
            {
                // Variables merge key by key across extends; findings still point at each variable's own line.
                var merged = new YamlNode(YamlNodeKind.Mapping, entry.Value.Line, entry.Value.Column);
                merged.Entries.AddRange(inherited.Value.Entries.Where(e => entry.Value.Entry(e.Key) is null));
                merged.Entries.AddRange(entry.Value.Entries);
                keys["variables"] = new Sourced(new YamlEntry(entry.Key, entry.Line, entry.Column, merged), job.File);
                continue;
            }
            keys[entry.Key] = new Sourced(entry, job.File);
        }
    }
}
