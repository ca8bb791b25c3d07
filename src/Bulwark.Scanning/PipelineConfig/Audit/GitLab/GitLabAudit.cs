using System.Text.RegularExpressions;
using Bulwark.Scanning.PipelineConfig.Audit.Common;
using Bulwark.Scanning.PipelineConfig.Audit.GitHub;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitLab;

/// <summary>
/// The GitLab CI rules: unpinned images and includes, hard-coded variables, scripts that evaluate
/// merge-request text or pipe remote scripts, CI_JOB_TOKEN leaving the job, merge-request jobs with secret
/// variables, and deploy jobs any branch can run. Each finding goes to the sink of the file that holds it.
/// </summary>
internal static partial class GitLabAudit
{
    /// <summary>Predefined variables whose text comes from whoever opened the merge request or wrote the commit.</summary>
    private static readonly string[] AttackerVariables =
    [
        "CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION", "CI_COMMIT_MESSAGE", "CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION",
        "CI_COMMIT_REF_NAME", "CI_COMMIT_BRANCH", "CI_COMMIT_REF_SLUG", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_AUTHOR",
        "CI_COMMIT_TAG_MESSAGE", "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
    ];

    private static readonly string[] ProtectingConditions =
        ["CI_DEFAULT_BRANCH", "CI_COMMIT_TAG", "CI_COMMIT_REF_PROTECTED", "\"main\"", "'main'", "\"master\"", "'master'", "/^release", "CI_COMMIT_BRANCH =="];

    public static void Run(GitLabPipeline pipeline, Func<AuditFile, AuditSink> sinkFor)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        foreach (var file in (IEnumerable<AuditFile>)[pipeline.Root, .. pipeline.Files])
        {
            var sink = sinkFor(file);
            CheckIncludes(file, sink);
            var credentials = new HardcodedCredentialCheck(sink);
            foreach (var entry in file.Root.Entries())
            {
                credentials.CheckMapping(entry.Key == "variables" ? entry.Value : entry.Value.Get("variables"), entry.Key == "variables" ? "variables" : $"job '{entry.Key}' variables");
                if (entry.Key is "image" or "services" or "default" || !GitLabPipeline.Reserved.Contains(entry.Key))
                {
                    var holder = entry.Key is "image" or "services" ? file.Root : entry.Value;
                    CheckImages(holder, entry.Key is "image" or "services" or "default" ? "the default image" : $"job '{entry.Key}'", sink, seen);
                }
            }
        }
        foreach (var job in pipeline.Jobs)
        {
            CheckScripts(pipeline, job, sinkFor);
            CheckForkSecrets(job, sinkFor);
            CheckDeploy(job, sinkFor);
        }
    }

    private static void CheckImages(YamlNode holder, string where, AuditSink sink, HashSet<YamlNode> seen)
    {
        if (holder.Get("image") is { } image)
        {
            var name = image.IsMapping() ? image.Get("name") : image;
            if (name?.Text() is { } text && seen.Add(name))
            {
                PinningCheck.CheckImage(name, text, sink, where);
            }
        }
        foreach (var service in holder.Get("services").Items())
        {
            var name = service.IsMapping() ? service.Get("name") : service;
            if (name?.Text() is { } text && seen.Add(name))
            {
                PinningCheck.CheckImage(name, text, sink, $"a service of {where}");
            }
        }
    }

    private static void CheckIncludes(AuditFile file, AuditSink sink)
    {
        foreach (var include in GitLabReader.Includes(file.Root.Get("include")))
        {
            if (include.Get("project") is { } project)
            {
                var reference = include.Text("ref");
                if (reference is null || !ActionRef.IsSha(reference))
                {
                    sink.Report(AuditRules.UnpinnedInclude, include.Get("ref") ?? project,
                        $"include of project {project.Value} at {(reference is null ? "its default branch" : $"'{reference}'")}, not a commit SHA", $"project|{project.Value}|{reference}");
                }
            }
            else if (include.Get("remote") is { } remote)
            {
                sink.Report(AuditRules.UnpinnedInclude, remote, $"include of the remote file {remote.Value}, which its server can change at any time", $"remote|{remote.Value}");
            }
            else if (include.Get("component") is { } component && component.Text() is { } text)
            {
                var at = text.LastIndexOf('@');
                var version = at < 0 ? "" : text[(at + 1)..];
                if (!ActionRef.IsSha(version) && !(PinningCheck.Version(version) is { Length: 3 }))
                {
                    sink.Report(AuditRules.UnpinnedInclude, component, $"component {text} is not pinned to an exact version or commit SHA", $"component|{text}");
                }
            }
        }
    }

    private static IEnumerable<(YamlNode Line, Sourced Owner)> ScriptLines(GitLabPipeline pipeline, GitLabJob job)
    {
        foreach (var key in (string[])["before_script", "script", "after_script"])
        {
            var owner = job[key] ?? (key == "script" ? null : pipeline.Default(key));
            if (owner is null)
            {
                continue;
            }
            var stack = new Stack<YamlNode>(owner.Value.Items().Reverse());
            while (stack.Count > 0)
            {
                var item = stack.Pop();
                if (item.Kind == YamlNodeKind.Sequence)
                {
                    // !reference [.template, script] reads as a nested list; its items are names, not commands.
                    continue;
                }
                if (item.Text() is not null)
                {
                    yield return (item, owner);
                }
            }
        }
    }

    private static void CheckScripts(GitLabPipeline pipeline, GitLabJob job, Func<AuditFile, AuditSink> sinkFor)
    {
        var lines = ScriptLines(pipeline, job).ToList();
        var remoteScript = lines.Any(l => RemoteScriptCheck.Matches(l.Line.Value));
        var keepsArtifacts = job.Get("artifacts") is not null;
        foreach (var (line, owner) in lines)
        {
            var sink = sinkFor(owner.File);
            var text = line.Value;
            if (Evaluates().IsMatch(text) && AttackerVariables.FirstOrDefault(v => text.Contains("$" + v, StringComparison.Ordinal) || text.Contains("${" + v + "}", StringComparison.Ordinal)) is { } variable)
            {
                sink.Report(AuditRules.TemplateInjection, line, $"job '{job.Name}' evaluates ${variable}, text the merge request's author controls, as code", $"{job.Name}|{text.Trim()}");
            }
            RemoteScriptCheck.Check(line, $"job '{job.Name}'", sink);
            if (text.Contains("CI_JOB_TOKEN", StringComparison.Ordinal))
            {
                if (keepsArtifacts && StoresToken().IsMatch(text))
                {
                    sink.Report(AuditRules.CredentialPersistenceJobToken, line, $"job '{job.Name}' writes CI_JOB_TOKEN to a file or git configuration and keeps artifacts", $"{job.Name}|{text.Trim()}");
                }
                else if (remoteScript)
                {
                    sink.Report(AuditRules.CredentialPersistenceJobToken, line, $"job '{job.Name}' uses CI_JOB_TOKEN in a job that runs a downloaded script", $"{job.Name}|{text.Trim()}");
                }
            }
        }
    }

    private static void CheckForkSecrets(GitLabJob job, Func<AuditFile, AuditSink> sinkFor)
    {
        if (!RunsForMergeRequests(job) || SameProjectOnly(job))
        {
            return;
        }
        var secret = job.Keys.Values
            .Where(k => k.Entry.Key is "script" or "before_script" or "after_script" or "variables")
            .SelectMany(k => k.Value.Scalars())
            .Select(s => SecretVariable(s.Node.Value))
            .FirstOrDefault(name => name is not null);
        if (secret is not null)
        {
            sinkFor(job.Definition.File).Report(AuditRules.DangerousTriggerForkSecrets, job.Definition.Entry.Line, job.Definition.Entry.Column,
                $"job '{job.Name}' runs for merge requests (including from forks) and uses ${secret}", job.Name);
        }
    }

    private static void CheckDeploy(GitLabJob job, Func<AuditFile, AuditSink> sinkFor)
    {
        var stage = job.Get("stage").Text() ?? "";
        var environment = job.Get("environment") is { } e ? e.Text() ?? e.Text("name") : null;
        var deploys = stage is "deploy" or "release" or "production" || job.Name.Contains("deploy", StringComparison.OrdinalIgnoreCase)
            || (environment is not null && !environment.StartsWith("review", StringComparison.OrdinalIgnoreCase));
        if (!deploys || job.Get("when").Text() == "manual" || job.Get("only") is not null || job.Get("trigger") is not null)
        {
            return;
        }
        if (job.Get("rules") is { } rules && rules.Scalars().Any(s => s.Key == "when" && s.Node.Value == "manual" || ProtectingConditions.Any(c => s.Node.Value.Contains(c, StringComparison.Ordinal))))
        {
            return;
        }
        sinkFor(job.Definition.File).Report(AuditRules.UnprotectedDeploy, job.Definition.Entry.Line, job.Definition.Entry.Column,
            $"job '{job.Name}' deploys{(environment is null ? "" : $" to '{environment}'")} but no rule limits it to the default branch, tags or a manual action", job.Name);
    }

    private static IEnumerable<(YamlNode Node, string? Key)> ScalarsOf(YamlNode? node) => node is null ? [] : node.Scalars();

    private static bool RunsForMergeRequests(GitLabJob job) =>
        ScalarsOf(job.Get("rules")).Any(s => s.Key == "if" && (s.Node.Value.Contains("merge_request_event", StringComparison.Ordinal) || s.Node.Value.Contains("CI_MERGE_REQUEST_IID", StringComparison.Ordinal)))
        || ScalarsOf(job.Get("only")).Any(s => s.Node.Value is "merge_requests" or "external_pull_requests");

    private static bool SameProjectOnly(GitLabJob job) =>
        ScalarsOf(job.Get("rules")).Any(s => s.Node.Value.Contains("CI_MERGE_REQUEST_SOURCE_PROJECT_ID", StringComparison.Ordinal) || s.Node.Value.Contains("CI_PROJECT_ID", StringComparison.Ordinal));

    [GeneratedRegex(@"\beval\b|\b(ba|z|da)?sh\s+-c\b|\bpython3?\s+-c\b|\bnode\s+-e\b|\bperl\s+-e\b|\bruby\s+-e\b", RegexOptions.NonBacktracking)]
    private static partial Regex Evaluates();

    [GeneratedRegex(@"(>>?|\btee\b|\.netrc|git\s+config|git\s+remote\s+(add|set-url)|credential)", RegexOptions.NonBacktracking)]
    private static partial Regex StoresToken();

    /// <summary>The first <c>$NAME</c> / <c>${NAME}</c> whose name says credential (predefined CI_ variables excluded), or null.</summary>
    internal static string? SecretVariable(string text)
    {
        for (var at = text.IndexOf('$'); at >= 0; at = text.IndexOf('$', at + 1))
        {
            var start = at + 1 < text.Length && text[at + 1] == '{' ? at + 2 : at + 1;
            var end = start;
            while (end < text.Length && (char.IsAsciiLetterUpper(text[end]) || char.IsAsciiDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }
            var name = text[start..end];
            if (name.Length > 0 && !name.StartsWith("CI_", StringComparison.Ordinal) && SecretWords.Any(w => name.Contains(w, StringComparison.Ordinal)))
            {
                return name;
            }
        }
        return null;
    }

    private static readonly string[] SecretWords = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIALS"];
}
