using System.Text;

namespace Bulwark.Runner.Sandbox;

/// <summary>
/// The bubblewrap command line for one request. The environment travels on stdin (<c>--args 0</c>), never in
/// argv, which every user of the host can read in /proc; and the host-side processes (the cgroup wrapper,
/// setpriv, prlimit, bwrap) run with an empty environment, so a job's <c>LD_PRELOAD</c> cannot reach them.
/// </summary>
internal static class BubblewrapArguments
{
    public const string WorkspaceMount = "/workspace";
    public const string OutputMount = "/run/bulwark/output";

    /// <summary>Top-level directories that are symlinks into /usr on merged-/usr systems and directories elsewhere.</summary>
    private static readonly string[] SystemDirectories = ["/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"];

    /// <summary>The /etc files every job gets: user names, the dynamic loader's cache, Debian's alternatives symlinks.</summary>
    private static readonly string[] BaseEtc =
        ["/etc/passwd", "/etc/group", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime"];

    /// <summary>Name resolution and TLS trust, only for jobs with network egress.</summary>
    private static readonly string[] EgressEtc = ["/etc/resolv.conf", "/etc/gai.conf", "/etc/ssl", "/etc/ca-certificates", "/etc/pki"];

    /// <summary>bwrap's options and the command (after <c>--</c>).</summary>
    public static List<string> Build(SandboxRequest request)
    {
        var args = new List<string> { "--args", "0", "--die-with-parent", "--new-session", "--unshare-all" };
        if (request.NetworkEgress)
        {
            args.Add("--share-net");
        }
        args.AddRange(["--cap-drop", "ALL", "--hostname", "bulwark", "--ro-bind", "/usr", "/usr"]);
        foreach (var directory in SystemDirectories)
        {
            var info = new DirectoryInfo(directory);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, directory]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", directory, directory]);
            }
        }
        foreach (var file in request.NetworkEgress ? [.. BaseEtc, .. EgressEtc] : BaseEtc)
        {
            args.AddRange(["--ro-bind-try", file, file]);
        }
        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", request.Workspace, WorkspaceMount]);
        if (request.OutputDirectory is { } output)
        {
            args.AddRange(["--bind", output, OutputMount]);
        }
        foreach (var bind in request.ReadOnlyBinds)
        {
            args.AddRange(["--ro-bind", bind, bind]);
        }
        args.AddRange(["--chdir", WorkspaceMount, "--"]);
        args.AddRange(request.Command);
        return args;
    }

    /// <summary>What bwrap reads from stdin: clear the environment, then set exactly <paramref name="environment"/>.</summary>
    /// <exception cref="SandboxException">A name or value cannot be an environment variable.</exception>
    public static byte[] EnvironmentArgs(IReadOnlyDictionary<string, string> environment)
    {
        var text = new StringBuilder("--clearenv\0");
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new SandboxException($"'{name}' is not a valid environment variable name");
            }
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                throw new SandboxException($"the value of {name} contains a NUL character");
            }
            text.Append("--setenv\0").Append(name).Append('\0').Append(value).Append('\0');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
