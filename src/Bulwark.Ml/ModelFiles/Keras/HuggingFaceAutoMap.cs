using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>
/// Reports a Hugging Face config's <c>auto_map</c> (config.json, tokenizer_config.json, …): each entry maps an
/// Auto class to <c>module.Class</c> in the repository, or <c>owner/repo--module.Class</c> in another one, that
/// transformers imports under trust_remote_code=True. Tokenizer entries are [slow, fast] pairs.
/// </summary>
internal static class HuggingFaceAutoMap
{
    private const int MaxEntries = 100;

    public static void Inspect(JsonElement autoMap, ModelScanContext context, ModelLocation where)
    {
        if (autoMap.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var reported = 0;
        foreach (var entry in autoMap.EnumerateObject())
        {
            foreach (var target in Targets(entry.Value))
            {
                if (reported++ == MaxEntries)
                {
                    context.Notice(NoticeLevel.Info, where, $"auto_map: more than {MaxEntries} entries; the rest not listed");
                    return;
                }
                Report(entry.Name, target, context, where);
            }
        }
    }

    private static IEnumerable<string> Targets(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            yield return value.GetString()!;
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    yield return item.GetString()!;
                }
            }
        }
    }

    private static void Report(string autoClass, string target, ModelScanContext context, ModelLocation where)
    {
        var separator = target.IndexOf("--", StringComparison.Ordinal);
        var repository = separator > 0 ? target[..separator] : null;
        var reference = separator > 0 ? target[(separator + 2)..] : target;
        var dot = reference.LastIndexOf('.');
        var module = dot > 0 ? reference[..dot] : reference;
        var name = dot > 0 ? reference[(dot + 1)..] : "";
        context.RecordGlobal(new GlobalReference(where, module, name, "auto_map", context.Globals.Classify(module, name)));
        var source = repository is null ? "from the repository" : $"from the repository {repository}";
        context.Report(new ModelIssue(KerasRules.RemoteCode, Severity.Medium, where,
            $"auto_map {autoClass} → {target}: loading this model with trust_remote_code=True runs {module.Replace('.', '/')}.py {source}.")
        {
            Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["auto_class"] = autoClass, ["global"] = reference, ["repository"] = repository ?? "" },
        });
    }
}
