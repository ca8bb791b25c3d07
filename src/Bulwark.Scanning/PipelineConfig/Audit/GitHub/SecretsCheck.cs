using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Expressions;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// Secrets handed out too widely: <c>secrets: inherit</c>, the whole <c>secrets</c> context (toJSON or a
/// computed index), and named secrets used in jobs without a deployment environment.
/// </summary>
internal static class SecretsCheck
{
    public static void Check(Workflow workflow, AuditSink sink)
    {
        foreach (var job in workflow.Jobs)
        {
            if (job.Node.Get("secrets") is { } secrets && secrets.Text() == "inherit")
            {
                var target = job.Uses.Text() ?? "";
                var external = !target.StartsWith("./", StringComparison.Ordinal);
                sink.Report(AuditRules.SecretsInherit, secrets,
                    $"job '{job.Id}' passes every secret to {(target.Length == 0 ? "the called workflow" : target)}{(external ? ", a workflow in another repository" : "")}",
                    job.Id, external ? Severity.High : Severity.Medium);
            }
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (node, _) in job.Node.Scalars())
            {
                foreach (var expression in sink.Expressions.Analyze(node))
                {
                    if (expression.Expr is not { } expr)
                    {
                        continue;
                    }
                    if (expression.Flows.Any(f => f.Path == "secrets" && f.Serialized) || ExpressionFlow.Reads(expr).Any(r => r.Path == "secrets.*"))
                    {
                        sink.Report(AuditRules.SecretsContextExposure, expression.Line, expression.Column,
                            $"job '{job.Id}' exposes the whole secrets context (${{{{ {expression.Embedded.Inner} }}}})", $"{job.Id}|{expression.Embedded.Inner}");
                        continue;
                    }
                    if (job.Environment is not null || workflow.IsAction)
                    {
                        continue;
                    }
                    foreach (var (path, _) in ExpressionFlow.Reads(expr))
                    {
                        if (path.StartsWith("secrets.", StringComparison.Ordinal) && path != "secrets.github_token" && named.Add(path))
                        {
                            sink.Report(AuditRules.SecretsOutsideEnvironment, expression.Line, expression.Column,
                                $"job '{job.Id}' reads {path} without an environment: protecting it", $"{job.Id}|{path}");
                        }
                    }
                }
            }
        }
    }
}
