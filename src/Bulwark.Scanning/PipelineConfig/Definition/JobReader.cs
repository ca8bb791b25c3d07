namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>Reads one job and its steps, checking every key, type and value in place.</summary>
internal sealed class JobReader(NodeReader reader, PipelineLimits limits, IReadOnlySet<string> jobNames, CredentialCheck credentials)
{
    private PipelineErrors Errors => reader.Errors;

    public JobDefinition? Read(YamlEntry job)
    {
        var where = $"job '{job.Key}'";
        if (!reader.IsMapping(job.Value, where))
        {
            return null;
        }
        reader.CheckKeys(job.Value, PipelineDefaults.JobKeys, where);
        var result = new JobDefinition { Name = job.Key, Line = job.Line, Column = job.Column, Steps = [] };
        var hasSteps = false;
        foreach (var entry in job.Value.Entries)
        {
            var value = entry.Value;
            result = entry.Key switch
            {
                "runs-on" => result with { RunsOn = Values(reader.Strings(value, "runs-on")) },
                "needs" => result with { Needs = Needs(job.Key, value) },
                "if" => result with { If = If(value) },
                "env" => result with { Env = reader.StringMap(value, "env", e => Env(e, where)) },
                "secrets" => result with { Secrets = Checked(reader.Strings(value, "secrets"), v => PipelineValues.IsVariableName(v), "secret name '{0}' must match [A-Za-z_][A-Za-z0-9_]{{0,127}}") },
                "timeout" => result with { Timeout = Timeout(value) },
                "network" => result with { Network = Network(value) },
                "environment" => result with { Environment = reader.Scalar(value, "environment") },
                "artifacts" => result with { Artifacts = Checked(reader.Strings(value, "artifacts"), v => PipelineValues.IsWorkspacePath(v), "artifact path '{0}' must be relative to the workspace, without '..'") },
                "steps" => result with { Steps = Steps(value, where) },
                _ => result,
            };
            hasSteps |= entry.Key == "steps";
        }
        if (!hasSteps)
        {
            Errors.Add($"{where} has no 'steps'", job.Line, job.Column);
        }
        GateStepChecks.Check(result, Errors);
        return result;
    }

    private static List<string> Values(List<(string Value, YamlNode Node)> items) => items.ConvertAll(i => i.Value);

    private List<string> Checked(List<(string Value, YamlNode Node)> items, Func<string, bool> valid, string message)
    {
        foreach (var (value, node) in items)
        {
            if (!valid(value))
            {
                Errors.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, value), node);
            }
        }
        return Values(items);
    }

    private List<string> Needs(string self, YamlNode node)
    {
        var needs = reader.Strings(node, "needs");
        foreach (var (name, at) in needs)
        {
            if (name == self)
            {
                Errors.Add($"job '{self}' cannot need itself", at);
            }
            else if (!jobNames.Contains(name))
            {
                var suggestion = NodeReader.NearestKey(name, [.. jobNames]);
                Errors.Add($"needs unknown job '{name}'" + (suggestion is null ? "" : $" (did you mean '{suggestion}'?)"), at);
            }
        }
        return Values(needs);
    }

    private Condition? If(YamlNode node)
    {
        if (reader.Scalar(node, "if") is not { } text)
        {
            return null;
        }
        var condition = ConditionParser.Parse(text, out var error, out var offset);
        if (error is not null)
        {
            // Columns map exactly for a condition on one line, which is how conditions are written.
            var column = text.AsSpan(0, offset).Contains('\n') ? node.Column : node.Column + offset;
            Errors.Add($"invalid if: {error}", node.Line, column);
        }
        return condition;
    }

    private void Env(YamlEntry entry, string where)
    {
        if (!PipelineValues.IsVariableName(entry.Key))
        {
            Errors.Add($"environment variable name '{entry.Key}' must match [A-Za-z_][A-Za-z0-9_]{{0,127}}", entry.Line, entry.Column);
        }
        credentials.Check(entry, $"{where} env", Errors);
    }

    private TimeSpan Timeout(YamlNode node)
    {
        if (reader.Scalar(node, "timeout") is not { } text)
        {
            return PipelineDefaults.Timeout;
        }
        return PipelineValues.TryParseTimeout(text, out var timeout)
            ? timeout
            : Fail($"timeout '{text}' must be a number followed by s, m or h, above zero and at most 24h", node, PipelineDefaults.Timeout);
    }

    private JobNetwork Network(YamlNode node) => reader.Scalar(node, "network") switch
    {
        "none" or null => JobNetwork.None,
        "egress" => JobNetwork.Egress,
        var other => Fail($"network '{other}' must be 'none' or 'egress'", node, JobNetwork.None),
    };

    private List<StepDefinition> Steps(YamlNode node, string where)
    {
        var steps = new List<StepDefinition>();
        if (node.Kind != YamlNodeKind.Sequence || node.Items.Count == 0)
        {
            Errors.Add($"steps of {where} must be a non-empty list", node);
            return steps;
        }
        if (node.Items.Count > limits.MaxSteps)
        {
            Errors.Add($"{where} has {node.Items.Count} steps; at most {limits.MaxSteps} are allowed", node);
            return steps;
        }
        foreach (var item in node.Items)
        {
            if (Step(item, where) is { } step)
            {
                steps.Add(step);
            }
        }
        return steps;
    }

    private StepDefinition? Step(YamlNode node, string where)
    {
        if (!reader.IsMapping(node, $"a step of {where}"))
        {
            return null;
        }
        reader.CheckKeys(node, PipelineDefaults.StepKeys, "a step");
        var step = new StepDefinition { Line = node.Line, Column = node.Column };
        foreach (var entry in node.Entries)
        {
            step = entry.Key switch
            {
                "name" => step with { Name = reader.Scalar(entry.Value, "step name") },
                "run" => step with { Run = reader.Scalar(entry.Value, "run") },
                "uses" => step with { Uses = Gate(entry.Value) },
                "with" => step with { With = reader.StringMap(entry.Value, "with", e => credentials.Check(e, "step with", Errors)) },
                _ => step,
            };
        }
        var hasRun = node.Entries.Exists(e => e.Key == "run");
        if (hasRun == node.Entries.Exists(e => e.Key == "uses"))
        {
            Errors.Add("a step needs exactly one of 'run' and 'uses'", node);
        }
        else if (hasRun && node.Entries.Find(e => e.Key == "with") is { } with)
        {
            Errors.Add("'with' applies only to 'uses' steps", with.Line, with.Column);
        }
        return step;
    }

    private string? Gate(YamlNode node)
    {
        if (reader.Scalar(node, "uses") is not { } uses)
        {
            return null;
        }
        var gate = uses.StartsWith(PipelineDefaults.GatePrefix, StringComparison.Ordinal) ? uses[PipelineDefaults.GatePrefix.Length..] : null;
        if (gate is null || !PipelineDefaults.Gates.Contains(gate, StringComparer.Ordinal))
        {
            var suggestion = NodeReader.NearestKey(gate ?? uses, PipelineDefaults.Gates);
            Errors.Add($"unknown gate '{uses}': use bulwark/<gate> with one of {string.Join(", ", PipelineDefaults.Gates)}"
                + (suggestion is null ? "" : $" (did you mean 'bulwark/{suggestion}'?)"), node);
            return null;
        }
        return gate;
    }

    private T Fail<T>(string message, YamlNode at, T fallback)
    {
        Errors.Add(message, at);
        return fallback;
    }
}
