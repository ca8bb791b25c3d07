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

    [Fact]
    public void The_validator_knows_the_runners_required_secret_and_network_parameters()
    {
        foreach (var gate in GateCatalog.All)
        {
            var required = PipelineDefaults.RequiredGateParameters.TryGetValue(gate.Name, out var keys) ? keys : [];
            gate.Parameters.Where(p => p.Required).Select(p => p.Key).ShouldBe(required, gate.Name);
            var secret = gate.Parameters.Where(p => p.Kind == GateValueKind.Secret).Select(p => p.Key).ToList();
            secret.ShouldBe(PipelineDefaults.SecretGateParameters.TryGetValue(gate.Name, out var key) ? [key] : [], gate.Name);
            gate.UsesJobNetwork.ShouldBe(gate.Name == PipelineDefaults.NetworkGate, gate.Name);
        }
    }
}
