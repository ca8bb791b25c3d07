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
}

/// <summary>One <c>with:</c> key of a gate: the CLI option it becomes (null: the positional PATH argument).</summary>
internal sealed record GateParameter(string Key, GateValueKind Kind, string? Option, string Description);
