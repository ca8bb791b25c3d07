namespace Bulwark.Scanning.Secrets.History;

/// <summary>The outcome of a short git command: its exit code and (bounded) output and error text.</summary>
internal sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>git's first line of error text: its own summary of what went wrong.</summary>
    public string FirstErrorLine => GitProcess.FirstLine(Error);
}
