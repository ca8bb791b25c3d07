using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Bulwark.Core.Masking;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Checkout;

/// <summary>
/// A series of git commands against one remote, hardened against hostile repositories and hostile machine
/// configuration: a cleared environment (no system or global config, HOME in a private temporary directory, no
/// prompts, no inherited SSH agent or askpass), hooks and fsmonitor off, submodules never followed, redirects
/// refused, and only the remote's own transport allowed. All commands share one deadline; when it passes, or the
/// caller cancels, the running git is killed with its whole process tree. Disposing deletes the private
/// directory and with it any key file.
/// </summary>
internal sealed class GitSession : IDisposable
{
    private const int MaxErrorChars = 16 * 1024;

    private readonly List<string> _config;
    private readonly Dictionary<string, string> _environment;
    private readonly SecretMasker _masker;
    private readonly CancellationTokenSource _deadline;
    private readonly TimeSpan _timeout;

    private GitSession(GitRemoteUrl remote, string privateDirectory, List<string> config, Dictionary<string, string> environment, SecretMasker masker, TimeSpan timeout)
    {
        Remote = remote;
        PrivateDirectory = privateDirectory;
        _config = config;
        _environment = environment;
        _masker = masker;
        _timeout = timeout;
        _deadline = new CancellationTokenSource(timeout);
    }

    public GitRemoteUrl Remote { get; }

    /// <summary>A 0700 temporary directory for HOME, key files and scratch repositories; deleted on dispose.</summary>
    public string PrivateDirectory { get; }

    /// <summary>The <c>-c name=value</c> settings every command gets (for tests and diagnostics; they hold no secret).</summary>
    public IReadOnlyList<string> Config => _config;

    /// <summary>The complete environment of every git process (holds the token, if any: never log it).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <exception cref="CheckoutException">The URL or a credential is refused.</exception>
    public static GitSession Start(JobCheckout checkout, GitOptions options)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        options.Validate();
        var remote = GitRemoteUrl.Parse(checkout.RepositoryUrl, options.AllowLocalRepositories);
        var privateDirectory = Directory.CreateTempSubdirectory("bulwark-git-").FullName;
        try
        {
            var home = Path.Combine(privateDirectory, "home");
            Directory.CreateDirectory(home);
            var environment = BaseEnvironment(home, remote);
            var config = BaseConfig(remote);
            var secrets = GitCredentials.Apply(checkout, remote, privateDirectory, config, environment);
            var masker = SecretMasker.Create(secrets, out _);
            return new GitSession(remote, privateDirectory, config, environment, masker, options.Timeout);
        }
        catch
        {
            DeleteDirectory(privateDirectory);
            throw;
        }
    }

    /// <summary>Replaces every form of the session's credentials with <c>***</c>.</summary>
    public string Mask(string text) => _masker.Mask(text);

    /// <summary>Runs <c>git -C <paramref name="directory"/> [settings] <paramref name="arguments"/></c>.</summary>
    /// <param name="maxOutputBytes">stdout beyond this is not kept: git is killed and the result marked truncated.</param>
    /// <exception cref="CheckoutException">git cannot be started, or the session's deadline passed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<GitResult> RunAsync(string directory, IReadOnlyList<string> arguments, long maxOutputBytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        using var process = new Process { StartInfo = StartInfo(directory, arguments) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new CheckoutException("git could not be started: install git and make sure it is on PATH", ex);
        }
        // git never needs input from us; an open pipe would only let a stuck helper wait forever.
        process.StandardInput.Close();
        using var kill = linked.Token.Register(() => Kill(process));
        var error = ReadErrorAsync(process.StandardError);
        var (output, truncated) = await ReadOutputAsync(process, maxOutputBytes);
        await process.WaitForExitAsync(CancellationToken.None);
        var errorText = Mask(await error);
        cancellationToken.ThrowIfCancellationRequested();
        if (_deadline.IsCancellationRequested)
        {
            throw new CheckoutException($"git {arguments[0]} did not finish within the {_timeout} checkout time limit and was stopped");
        }
        return new GitResult(process.ExitCode, output, truncated, errorText);
    }

    /// <summary>Runs a command that must succeed; its failure becomes a <see cref="CheckoutException"/> with git's own words.</summary>
    public async Task<GitResult> RunCheckedAsync(string directory, IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, arguments, 1024 * 1024, cancellationToken);
        return result.Succeeded ? result : throw new CheckoutException(Failure(what, result));
    }

    /// <summary>"<paramref name="what"/> failed: " and the meaningful lines of git's error output (masked, bounded).</summary>
    public static string Failure(string what, GitResult result)
    {
        var all = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("hint:", StringComparison.Ordinal) && line.Any(c => c != '@'))
            .Select(line => new string(line.Where(c => !char.IsControl(c)).ToArray()))
            .ToList();
        // ssh's and git's verdicts come after banners (a changed host key prints a dozen lines first): show those.
        var verdicts = all.Where(IsVerdict).ToList();
        var lines = (verdicts.Count > 0 ? verdicts : all).Take(8).ToList();
        var detail = lines.Count == 0 ? $"git exited with code {result.ExitCode}" : string.Join("; ", lines);
        return $"{what} failed: {(detail.Length > 1000 ? detail[..1000] + "…" : detail)}";
    }

    private static bool IsVerdict(string line) =>
        line.StartsWith("fatal:", StringComparison.Ordinal) || line.StartsWith("error:", StringComparison.Ordinal) || line.StartsWith("ssh:", StringComparison.Ordinal)
        || line.Contains("verification failed", StringComparison.Ordinal) || line.Contains("Permission denied", StringComparison.Ordinal);

    public void Dispose()
    {
        _deadline.Dispose();
        DeleteDirectory(PrivateDirectory);
    }

    private ProcessStartInfo StartInfo(string directory, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo
        {
            FileName = "git",
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = PrivateDirectory,
        };
        // Nothing of the runner's own environment reaches git but PATH: no GIT_* overrides, no SSH_AUTH_SOCK, no askpass.
        info.Environment.Clear();
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(directory);
        foreach (var setting in _config)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(setting);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    private static Dictionary<string, string> BaseEnvironment(string home, GitRemoteUrl remote) => new(StringComparer.Ordinal)
    {
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = home,
        ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
        ["LC_ALL"] = "C",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        // An empty file of our own rather than /dev/null: should any git command ever write "global" config, it writes
        // here, not over the machine's /dev/null (git replaces a config file by renaming a lock file onto it).
        ["GIT_CONFIG_GLOBAL"] = Path.Combine(home, ".gitconfig"),
        ["GIT_TERMINAL_PROMPT"] = "0",
        // Takes precedence over any protocol.*.allow setting: the remote's transport is the only one git may use.
        ["GIT_ALLOW_PROTOCOL"] = remote.ProtocolName,
        ["GIT_PROTOCOL_FROM_USER"] = "0",
        ["GIT_LITERAL_PATHSPECS"] = "1",
        ["GIT_NO_REPLACE_OBJECTS"] = "1",
    };

    private static List<string> BaseConfig(GitRemoteUrl remote) =>
    [
        "protocol.allow=never",
        $"protocol.{remote.ProtocolName}.allow=always",
        "protocol.version=2",
        "core.hooksPath=/dev/null",
        "core.fsmonitor=false",
        "core.autocrlf=false",
        "core.protectNTFS=true",
        "core.protectHFS=true",
        "submodule.recurse=false",
        "fetch.recurseSubmodules=false",
        // A redirect could send the credential helper's answer to another host.
        "http.followRedirects=false",
        "http.sslVerify=true",
        "gc.auto=0",
        "maintenance.auto=false",
        "init.defaultBranch=main",
        "advice.detachedHead=false",
    ];

    private static async Task<(byte[] Output, bool Truncated)> ReadOutputAsync(Process process, long maxBytes)
    {
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        var truncated = false;
        var stream = process.StandardOutput.BaseStream;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    output.Write(buffer, 0, (int)(maxBytes - output.Length));
                    truncated = true;
                    Kill(process);
                    break;
                }
                output.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // The pipe broke because git was killed: what was read is all there is.
        }
        return (output.ToArray(), truncated);
    }

    private static async Task<string> ReadErrorAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                text.Append(buffer, 0, Math.Min(read, MaxErrorChars - text.Length));
            }
        }
        catch (IOException)
        {
            // git was killed mid-write.
        }
        return text.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Exited in the meantime.
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
