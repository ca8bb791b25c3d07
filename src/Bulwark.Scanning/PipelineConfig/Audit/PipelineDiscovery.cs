using Bulwark.Core.Findings;
using Bulwark.Scanning.Files;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>
/// Finds the pipeline files under a root: <c>.github/workflows/*.yml|yaml</c>, <c>action.yml|yaml</c> anywhere,
/// <c>.gitlab-ci.yml</c> and <c>.bulwark.yml</c>, honouring .gitignore and exclude patterns. A single file given
/// as the root is classified by its name and place.
/// </summary>
internal static class PipelineDiscovery
{
    public static List<(string FullPath, string RelativePath, PipelineFileKind Kind)> Find(string root, bool respectIgnore, PathFilter filter, Action<Notice> notice)
    {
        if (File.Exists(root))
        {
            var name = Path.GetFileName(root);
            return [(root, name, Classify(root.Replace('\\', '/')) ?? PipelineFileKind.GitHubWorkflow)];
        }
        var found = new List<(string, string, PipelineFileKind)>();
        foreach (var file in SourceTree.Enumerate(root, respectIgnore, filter, notice))
        {
            if (!file.RelativePath.Contains("node_modules/", StringComparison.Ordinal) && Classify(file.RelativePath) is { } kind)
            {
                found.Add((file.FullPath, file.RelativePath, kind));
            }
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        return found;
    }

    /// <summary>The kind of pipeline file a path names, or null for any other file.</summary>
    public static PipelineFileKind? Classify(string relativePath)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        if (name is ".gitlab-ci.yml" or ".gitlab-ci.yaml")
        {
            return PipelineFileKind.GitLabCi;
        }
        if (name is ".bulwark.yml" or ".bulwark.yaml")
        {
            return PipelineFileKind.Bulwark;
        }
        if (name is "action.yml" or "action.yaml")
        {
            return PipelineFileKind.GitHubAction;
        }
        var yaml = name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal);
        var folder = relativePath.Length > name.Length ? relativePath[..(relativePath.Length - name.Length - 1)] : "";
        return yaml && (folder == ".github/workflows" || folder.EndsWith("/.github/workflows", StringComparison.Ordinal)) ? PipelineFileKind.GitHubWorkflow : null;
    }
}
