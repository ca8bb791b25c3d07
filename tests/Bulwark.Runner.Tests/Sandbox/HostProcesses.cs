using System.Text;

namespace Bulwark.Runner.Tests.Sandbox;

/// <summary>Looks for live processes on the host by a token in their command line (sandboxed ones are visible from the host too).</summary>
internal static class HostProcesses
{
    /// <summary>A unique <c>sleep</c> duration: the token that finds exactly the processes of one test.</summary>
    public static string UniqueSleep() => "100." + Random.Shared.Next(100_000, 999_999);

    public static List<int> WithArgument(string token)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
                if (cmdline.Contains(token, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}
