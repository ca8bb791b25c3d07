using System.Text.Json.Nodes;
using Bulwark.Scanning.PipelineConfig.Definition;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

/// <summary>The published schema and reference name exactly the keys and gates the parser accepts.</summary>
public sealed class PipelineSchemaTests
{
    private static readonly JsonNode Schema =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schemas", "bulwark-pipeline.schema.json")))!;

    private static readonly string Reference = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "pipeline-reference.md"));

    private static IEnumerable<string> Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key);

    [Fact]
    public void Schema_lists_the_parsers_job_step_and_trigger_keys_and_gates()
    {
        var defs = Schema["$defs"]!;
        Keys(defs["job"]!["properties"]).ShouldBe(PipelineDefaults.JobKeys, ignoreOrder: true);
        Keys(defs["step"]!["properties"]).ShouldBe(PipelineDefaults.StepKeys, ignoreOrder: true);
        Keys(Schema["properties"]!["on"]!["oneOf"]![2]!["properties"]).ShouldBe(PipelineDefaults.Triggers, ignoreOrder: true);
        defs["step"]!["properties"]!["uses"]!["enum"]!.AsArray().Select(g => g!.GetValue<string>())
            .ShouldBe(PipelineDefaults.Gates.Select(g => PipelineDefaults.GatePrefix + g));
    }

    [Fact]
    public void Reference_documents_every_key_and_gate()
    {
        foreach (var key in PipelineDefaults.JobKeys.Concat(PipelineDefaults.StepKeys).Concat(PipelineDefaults.Triggers))
        {
            Reference.ShouldContain($"| `{key}` |");
        }
        foreach (var gate in PipelineDefaults.Gates)
        {
            Reference.ShouldContain($"`bulwark/{gate}`");
        }
    }
}
