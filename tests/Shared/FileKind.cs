using System.Diagnostics;

namespace Bulwark.Tests.Shared;

/// <summary>What kind of file a path is, as stat(1) says it ("regular file", "character special file", …).</summary>
public static class FileKind
{
    public static string Of(string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", "%F", path })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var kind = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return kind;
    }
}
