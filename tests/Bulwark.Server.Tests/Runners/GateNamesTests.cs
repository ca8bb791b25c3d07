using Bulwark.Runner.Gates;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Server.Tests.Runners;

/// <summary>The validator accepts exactly the gates a runner can execute, so a valid pipeline never fails on an unknown gate.</summary>
public sealed class GateNamesTests
{
    [Fact]
    public void Every_gate_the_validator_accepts_is_one_the_runner_executes_and_back()
    {
        PipelineDefaults.Gates.Where(g => GateCatalog.Find(g) is null).ShouldBeEmpty();
        GateCatalog.All.Select(g => g.Name).Where(g => !PipelineDefaults.Gates.Contains(g)).ShouldBeEmpty();
    }
}
