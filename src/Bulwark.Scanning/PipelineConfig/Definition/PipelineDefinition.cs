namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>A validated <c>.bulwark.yml</c>: its triggers and its jobs in file order.</summary>
internal sealed record PipelineDefinition(PipelineTriggers Triggers, IReadOnlyList<JobDefinition> Jobs);

/// <summary>
/// When a pipeline runs. A null trigger is not enabled; an enabled push or pull-request trigger with empty
/// filters matches every branch (and, for push, every tag).
/// </summary>
internal sealed record PipelineTriggers
{
    public RefFilter? Push { get; init; }

    public RefFilter? PullRequest { get; init; }

    public bool Tag { get; init; }

    public bool Manual { get; init; }

    /// <summary>Five-field cron expressions (minute hour day-of-month month day-of-week), in UTC.</summary>
    public IReadOnlyList<string> Schedules { get; init; } = [];
}

/// <summary>Branch and tag name patterns (<see cref="RefPattern"/>). With no patterns at all, every ref matches.</summary>
internal sealed record RefFilter(IReadOnlyList<string> Branches, IReadOnlyList<string> Tags)
{
    public bool MatchesBranch(string branch) => Matches(Branches, branch);

    public bool MatchesTag(string tag) => Matches(Tags, tag);

    private bool Matches(IReadOnlyList<string> patterns, string name)
    {
        if (Branches.Count == 0 && Tags.Count == 0)
        {
            return true;
        }
        foreach (var pattern in patterns)
        {
            if (RefPattern.IsMatch(pattern, name))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>One job: a node of the DAG formed by <see cref="Needs"/>.</summary>
internal sealed record JobDefinition
{
    public required string Name { get; init; }

    public int Line { get; init; }

    public int Column { get; init; }

    public IReadOnlyList<string> RunsOn { get; init; } = [];

    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>The parsed <c>if:</c>, or null when the job always runs.</summary>
    public Condition? If { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Names of secrets-store entries the job may read; never values.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public TimeSpan Timeout { get; init; } = PipelineDefaults.Timeout;

    public JobNetwork Network { get; init; } = JobNetwork.None;

    public string? Environment { get; init; }

    public IReadOnlyList<string> Artifacts { get; init; } = [];

    public required IReadOnlyList<StepDefinition> Steps { get; init; }
}

internal enum JobNetwork
{
    None,
    Egress,
}

/// <summary>A step: exactly one of <see cref="Run"/> (a shell command) and <see cref="Uses"/> (a built-in gate).</summary>
internal sealed record StepDefinition
{
    public string? Name { get; init; }

    public string? Run { get; init; }

    /// <summary>The gate's name without the <c>bulwark/</c> prefix, e.g. <c>secrets-scan</c>.</summary>
    public string? Uses { get; init; }

    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public int Line { get; init; }

    public int Column { get; init; }
}
