namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>Reads <c>on:</c>: a trigger name, a list of names, or a mapping of triggers to their settings.</summary>
internal static class TriggerReader
{
    private static readonly IReadOnlyList<string> PushKeys = ["branches", "tags"];
    private static readonly IReadOnlyList<string> PullRequestKeys = ["branches"];
    private static readonly IReadOnlyList<string> ScheduleKeys = ["cron"];
    private static readonly RefFilter Any = new([], []);

    public static PipelineTriggers Read(YamlNode node, NodeReader reader)
    {
        var triggers = new PipelineTriggers();
        if (node.Kind != YamlNodeKind.Mapping)
        {
            // Short forms: `on: push` and `on: [push, manual]` enable triggers with default settings.
            foreach (var (name, at) in reader.Strings(node, "on"))
            {
                triggers = name == "schedule"
                    ? Fail(reader, "schedule needs a list of cron entries: use the mapping form of 'on'", at, triggers)
                    : Enable(triggers, name, at, reader);
            }
            return Check(triggers, node, reader);
        }
        reader.CheckKeys(node, PipelineDefaults.Triggers, "on");
        foreach (var entry in node.Entries)
        {
            var value = entry.Value;
            triggers = entry.Key switch
            {
                "push" => triggers with { Push = Filter(value, PushKeys, "on.push", reader) },
                "pull_request" => triggers with { PullRequest = Filter(value, PullRequestKeys, "on.pull_request", reader) },
                "tag" => triggers with { Tag = Empty(value, "on.tag", reader) },
                "manual" => triggers with { Manual = Empty(value, "on.manual", reader) },
                "schedule" => triggers with { Schedules = Schedules(value, reader) },
                _ => triggers,
            };
        }
        return Check(triggers, node, reader);
    }

    private static PipelineTriggers Enable(PipelineTriggers triggers, string name, YamlNode at, NodeReader reader) => name switch
    {
        "push" => triggers with { Push = Any },
        "pull_request" => triggers with { PullRequest = Any },
        "tag" => triggers with { Tag = true },
        "manual" => triggers with { Manual = true },
        _ => Fail(reader, $"unknown trigger '{name}' (allowed: {string.Join(", ", PipelineDefaults.Triggers)})", at, triggers),
    };

    private static PipelineTriggers Check(PipelineTriggers triggers, YamlNode node, NodeReader reader) =>
        triggers is { Push: null, PullRequest: null, Tag: false, Manual: false, Schedules.Count: 0 }
            ? Fail(reader, "'on' enables no trigger", node, triggers)
            : triggers;

    private static RefFilter Filter(YamlNode node, IReadOnlyList<string> keys, string where, NodeReader reader)
    {
        if (node.IsNull || !reader.IsMapping(node, where))
        {
            return Any;
        }
        reader.CheckKeys(node, keys, where);
        var branches = new List<string>();
        var tags = new List<string>();
        foreach (var entry in node.Entries)
        {
            var into = entry.Key switch { "branches" => branches, "tags" => tags, _ => null };
            foreach (var (pattern, at) in into is null ? [] : reader.Strings(entry.Value, $"{where}.{entry.Key}"))
            {
                if (!PipelineValues.IsRefPattern(pattern))
                {
                    reader.Errors.Add($"'{pattern}' is not a valid branch or tag pattern", at);
                }
                into!.Add(pattern);
            }
        }
        return new RefFilter(branches, tags);
    }

    private static bool Empty(YamlNode node, string where, NodeReader reader)
    {
        if (!node.IsNull && (node.Kind != YamlNodeKind.Mapping || node.Entries.Count > 0))
        {
            reader.Errors.Add($"{where} takes no settings: write {{}} or leave it empty", node);
        }
        return true;
    }

    private static List<string> Schedules(YamlNode node, NodeReader reader)
    {
        var crons = new List<string>();
        if (node.Kind != YamlNodeKind.Sequence || node.Items.Count == 0)
        {
            reader.Errors.Add("on.schedule must be a non-empty list of { cron: \"...\" }", node);
            return crons;
        }
        foreach (var item in node.Items)
        {
            if (!reader.IsMapping(item, "each on.schedule entry"))
            {
                continue;
            }
            reader.CheckKeys(item, ScheduleKeys, "on.schedule");
            if (item.Entries.Find(e => e.Key == "cron") is not { } cron)
            {
                reader.Errors.Add("a schedule entry needs 'cron'", item);
            }
            else if (reader.Scalar(cron.Value, "cron") is { } text)
            {
                if (!PipelineValues.IsCron(text))
                {
                    reader.Errors.Add($"cron '{text}' must have five fields of digits and * / , -", cron.Value);
                }
                crons.Add(text);
            }
        }
        return crons;
    }

    private static T Fail<T>(NodeReader reader, string message, YamlNode at, T result)
    {
        reader.Errors.Add(message, at);
        return result;
    }
}
