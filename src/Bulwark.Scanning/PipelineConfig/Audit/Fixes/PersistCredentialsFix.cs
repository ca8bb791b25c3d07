using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.Fixes;

/// <summary>Adds <c>persist-credentials: false</c> to an actions/checkout step's <c>with:</c>.</summary>
internal sealed record PersistCredentialsFix(YamlNode Step) : FixRequest("add persist-credentials: false to actions/checkout")
{
    public override IReadOnlyList<TextEdit> Plan(AuditFile file) =>
        StepEditor.AddEntries(file, Step, "with", ["persist-credentials: false"]);
}
