using System.Diagnostics;
using System.Text;

namespace Bulwark.Tests.Shared;

/// <summary>
/// Runs the real git executable for repositories the tests make, with the machine's system and global config
/// ignored so that a developer's settings (signing, hooks, default branch, identity) cannot change what a test sees.
/// </summary>
internal static class TestGit
{
    /// <summary>A file that never exists: git reads it as an empty global config, and a stray write cannot replace /dev/null.</summary>
    public static string NoGlobalConfig { get; } = Path.Combine(Path.GetTempPath(), "bulwark-test-no-global-gitconfig-" + Guid.NewGuid().ToString("N"));

    /// <summary>Makes <paramref name="directory"/> (created if needed) a repository on branch main with a test identity, unsigned commits and no auto-gc.</summary>
    public static void InitRepository(string directory)
    {
        Directory.CreateDirectory(directory);
        Run(directory, "init", "-q", "-b", "main");
        Run(directory, "config", "user.name", "Test User");
        Run(directory, "config", "user.email", "test@example.invalid");
        Run(directory, "config", "commit.gpgsign", "false");
        Run(directory, "config", "tag.gpgsign", "false");
        Run(directory, "config", "gc.auto", "0");
        Run(directory, "config", "core.autocrlf", "false");
    }

    /// <summary>Runs git in <paramref name="directory"/>; returns its trimmed output and throws with git's error output on failure.</summary>
    public static string Run(string directory, params string[] arguments) => Run(directory, arguments, input: null, environment: null);

    /// <summary>As <see cref="Run(string, string[])"/>, feeding <paramref name="input"/> (as UTF-8) and adding environment variables.</summary>
    public static string Run(string directory, IReadOnlyList<string> arguments, string? input, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo
        {
            FileName = "git",
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = NoGlobalConfig;
        info.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (input is not null)
        {
            // fast-import counts bytes: write exactly the UTF-8 bytes the stream's lengths were computed from.
            process.StandardInput.BaseStream.Write(Encoding.UTF8.GetBytes(input));
        }
        process.StandardInput.Close();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
    }
}
