using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>A SHA pin and the version its comment claims, collected across files to find contradictions.</summary>
internal sealed record PinComment(string Action, string Sha, string Version, string Path, int Line, int Column);

/// <summary>
/// Pinning: <c>uses:</c> references not pinned to a commit (unless the owner is allowed), tag refs whose version
/// comment names another version, and container images without a digest.
/// </summary>
internal static class PinningCheck
{
    private static readonly string[] FirstPartyOwners = ["actions", "github"];

    public static void Check(Workflow workflow, AuditSink sink, List<PinComment> pins)
    {
        foreach (var job in workflow.Jobs)
        {
            if (job.Uses is { } reusable)
            {
                CheckUses(reusable, sink, pins, $"job '{job.Id}'");
            }
            foreach (var step in job.Steps)
            {
                if (step.Uses is not { } uses)
                {
                    continue;
                }
                if (uses.Text() is { } text && text.StartsWith("docker://", StringComparison.Ordinal))
                {
                    CheckImage(uses, text["docker://".Length..], sink, $"step '{step.Describe()}'");
                }
                else
                {
                    CheckUses(uses, sink, pins, $"job '{job.Id}'");
                }
            }
            CheckContainer(job.Node.Get("container"), sink, $"job '{job.Id}' container");
            foreach (var service in job.Node.Get("services").Entries())
            {
                CheckContainer(service.Value, sink, $"service '{service.Key}' of job '{job.Id}'");
            }
        }
        if (workflow.IsAction && workflow.File.Root.Get("runs") is { } runs && runs.Text("image") is { } image
            && image.StartsWith("docker://", StringComparison.Ordinal))
        {
            CheckImage(runs.Get("image")!, image["docker://".Length..], sink, "the action's image");
        }
    }

    private static void CheckUses(YamlNode uses, AuditSink sink, List<PinComment> pins, string where)
    {
        if (uses.Text() is not { } text || ActionRef.Parse(text) is not { } action)
        {
            return;
        }
        var comment = Comment(sink.File, uses);
        if (!action.IsShaPinned)
        {
            if (!sink.Options.IsAllowedOwner(action.Owner, action.Repository))
            {
                var firstParty = FirstPartyOwners.Contains(action.Owner, StringComparer.OrdinalIgnoreCase);
                sink.Report(AuditRules.UnpinnedAction, uses,
                    action.Ref.Length == 0
                        ? $"{action.Full} in {where} has no ref at all"
                        : $"{action.Full}@{action.Ref} in {where} is pinned to a movable ref, not a commit SHA",
                    text, firstParty ? Severity.Low : Severity.Medium);
            }
            if (comment is { } version && Version(action.Ref) is { } refVersion && Version(version) is { } claimed && !Compatible(refVersion, claimed))
            {
                sink.Report(AuditRules.UnpinnedActionVersionMismatch, uses,
                    $"{action.Full}@{action.Ref} carries the comment '{version}', another version", text);
            }
        }
        else if (comment is { } version && Version(version) is not null)
        {
            pins.Add(new PinComment(action.Name.ToLowerInvariant(), action.Ref.ToLowerInvariant(), version, sink.File.Path, uses.Line, uses.Column));
        }
    }

    private static void CheckContainer(YamlNode? container, AuditSink sink, string where)
    {
        if (container is null)
        {
            return;
        }
        var image = container.IsMapping() ? container.Get("image") : container;
        if (image?.Text() is { } text)
        {
            CheckImage(image, text, sink, where);
        }
    }

    internal static void CheckImage(YamlNode at, string image, AuditSink sink, string where)
    {
        image = image.Trim();
        if (image.Length == 0 || image.Contains("@sha256:", StringComparison.Ordinal) || image.Contains("${{", StringComparison.Ordinal) || image.StartsWith('$'))
        {
            return;
        }
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        var tag = colon < 0 ? null : image[(colon + 1)..];
        var floating = tag is null or "latest";
        sink.Report(AuditRules.UnpinnedImage, at,
            floating ? $"{where} uses image '{image}' ({(tag is null ? "no tag, so latest" : "latest")}) without a digest" : $"{where} uses image '{image}' without a digest",
            image, floating ? Severity.Medium : Severity.Low);
    }

    /// <summary>The comment after a scalar on its line (<c># v4.1.1</c>), trimmed, or null.</summary>
    internal static string? Comment(AuditFile file, YamlNode scalar)
    {
        if (scalar.End <= 0 || scalar.End > file.Text.Length)
        {
            return null;
        }
        var rest = file.Text.AsSpan(scalar.End);
        var newline = rest.IndexOf('\n');
        var line = newline < 0 ? rest : rest[..newline];
        var hash = line.IndexOf('#');
        if (hash < 0 || line[..hash].Trim().Length > 0 && line[..hash].Trim() is not ("\"" or "'"))
        {
            return null;
        }
        var comment = line[(hash + 1)..].Trim();
        // "# v4.1.1", "# tag=v4.1.1", "# pin@v4": the version is the last word.
        var space = comment.LastIndexOfAny(' ', '=', '@');
        return comment.Length == 0 ? null : comment[(space + 1)..].ToString();
    }

    /// <summary>A version-like ref (v4, 4.1.1, v1.2.3-rc1) as its numeric parts, or null.</summary>
    internal static int[]? Version(string text)
    {
        var core = text.StartsWith('v') || text.StartsWith('V') ? text[1..] : text;
        var dash = core.IndexOfAny(['-', '+']);
        if (dash >= 0)
        {
            core = core[..dash];
        }
        var parts = core.Split('.');
        if (parts.Length is 0 or > 4)
        {
            return null;
        }
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }
        return numbers;
    }

    /// <summary>v4 and v4.1.1 agree (one is a prefix of the other); v4.1.1 and v3.6.0 do not.</summary>
    internal static bool Compatible(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }
        return true;
    }
}
