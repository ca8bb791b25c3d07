namespace Bulwark.Runner.Checkout;

/// <summary>How one git command ended. <see cref="Error"/> is already masked and bounded.</summary>
internal sealed record GitResult(int ExitCode, byte[] Output, bool OutputTruncated, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public string OutputText => System.Text.Encoding.UTF8.GetString(Output).Trim();
}
