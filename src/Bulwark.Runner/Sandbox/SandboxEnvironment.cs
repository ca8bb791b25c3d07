namespace Bulwark.Runner.Sandbox;

/// <summary>The environment a job's process gets: the declared variables plus a few fixed ones that always win.</summary>
internal static class SandboxEnvironment
{
    /// <summary>The PATH inside the sandbox: the system directories, nothing of the runner's.</summary>
    public const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, string> declared, string home)
    {
        var environment = new Dictionary<string, string>(declared, StringComparer.Ordinal)
        {
            ["PATH"] = SystemPath,
            ["HOME"] = home,
            ["CI"] = "true",
            ["BULWARK"] = "true",
        };
        return environment;
    }
}
