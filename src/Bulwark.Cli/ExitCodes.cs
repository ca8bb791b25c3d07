namespace Bulwark.Cli;

/// <summary>The documented exit codes of every command. Never negative, never a count.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above the --fail-on threshold.</summary>
    public const int Clean = 0;

    /// <summary>At least one finding at or above the --fail-on threshold.</summary>
    public const int Findings = 1;

    /// <summary>Bad usage or unusable input (unknown option, missing path, invalid config).</summary>
    public const int UsageError = 2;

    /// <summary>A bug or an environment failure inside Bulwark.</summary>
    public const int InternalError = 3;
}
