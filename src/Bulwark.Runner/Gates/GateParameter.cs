namespace Bulwark.Runner.Gates;

/// <summary>How a <c>with:</c> value is checked and turned into arguments.</summary>
internal enum GateValueKind
{
    /// <summary>A path inside the workspace (relative, or absolute under it); passed as an absolute path.</summary>
    Path,

    /// <summary><c>true</c> adds the option, <c>false</c> leaves it out.</summary>
    Flag,

    /// <summary>One of critical, high, medium, low, info.</summary>
    Severity,

    /// <summary>A whole number of at most 9 digits.</summary>
    Number,

    /// <summary>Free text that is not an option (a size, a git revision).</summary>
    Text,

    /// <summary>Comma- or newline-separated items, each passed with its own option.</summary>
    List,

    /// <summary>Comma- or newline-separated paths, each inside the workspace and passed with its own option.</summary>
    PathList,

    /// <summary>A path inside the workspace, or an <c>http(s)://</c> URL passed as it is (an OpenAPI document).</summary>
    PathOrUrl,

    /// <summary>
    /// Text holding one <c>${{ secrets.NAME }}</c> reference to a secret of the job; the resolved value goes to the
    /// gate in <see cref="GateParameter.Variable"/>, never on the command line (<see cref="GateSecrets"/>).
    /// </summary>
    Secret,
}

/// <summary>One <c>with:</c> key of a gate: the CLI option it becomes (null: the positional argument).</summary>
internal sealed record GateParameter(string Key, GateValueKind Kind, string? Option, string Description)
{
    /// <summary>The step fails without it (the pipeline validator's <c>PipelineDefaults.RequiredGateParameters</c> lists it too; a test ties the two).</summary>
    public bool Required { get; init; }

    /// <summary>For <see cref="GateValueKind.Secret"/>: the environment variable the CLI reads the value from.</summary>
    public string? Variable { get; init; }
}
