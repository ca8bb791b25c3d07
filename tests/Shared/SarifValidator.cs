using System.Text.Json.Nodes;
using Json.Schema;

namespace Bulwark.Tests.Shared;

/// <summary>
/// Validates SARIF against the official OASIS 2.1.0 schema. The schema is draft-04; JsonSchema.Net reads
/// draft-06 and later, so the two draft-04 spellings it uses (the root "id" and the "$schema" URI) are
/// rewritten — SARIF uses no other keyword whose meaning changed after draft-04.
/// </summary>
internal static class SarifValidator
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    public static IReadOnlyList<string> Validate(string sarif)
    {
        var result = Schema.Value.Evaluate(JsonNode.Parse(sarif), new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (result.IsValid)
        {
            return [];
        }
        return (result.Details ?? [])
            .Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
    }

    private static JsonSchema Load()
    {
        var node = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SarifSchema))!.AsObject();
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node["$id"] = node["id"]!.GetValue<string>();
        node.Remove("id");
        return JsonSchema.FromText(node.ToJsonString());
    }
}
