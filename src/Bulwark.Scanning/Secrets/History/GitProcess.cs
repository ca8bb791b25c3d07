using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// One running git command: binary stdout, optional stdin, and stderr drained in the background. Draining
/// stderr matters — a full stderr pipe stalls git while we wait on its stdout — and the drained text is
/// bounded, so a repository full of broken objects cannot make us hold unbounded error output.
/// The process is killed on dispose and when the token is cancelled.
/// </summary>
internal sealed class GitProcess : IDisposable
{
    private const int MaxTextChars = 64 * 1024;

    private readonly Process _process;
    private readonly Task<string> _error;
    private readonly CancellationTokenRegistration _cancellation;

    private GitProcess(Process process, CancellationToken cancellationToken)
    {
        _process = process;
        _error = ReadBoundedAsync(process.StandardError, CancellationToken.None);
        _cancellation = cancellationToken.Register(Kill);
    }

    /// <summary>Binary stdout. Never read it through <see cref="Process.StandardOutput"/>'s text decoder.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Binary stdin; only when started with input.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Everything git wrote to stderr (first 64K characters); completes when git closes stderr.</summary>
    public Task<string> ErrorText => _error;

    /// <exception cref="GitHistoryException">git cannot be started (not installed, not on PATH).</exception>
    public static GitProcess Start(string repositoryPath, IEnumerable<string> arguments, bool withInput, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            FileName = "git",
            UseShellExecute = false,
            RedirectStandardInput = withInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(repositoryPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // Never wait on a credential prompt nobody sees; keep git's messages in one language for users and tests.
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        try
        {
            var process = Process.Start(info) ?? throw new GitHistoryException("git could not be started");
            return new GitProcess(process, cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new GitHistoryException("scanning git history needs git, and 'git' could not be started: install git and make sure it is on PATH", ex);
        }
    }

    /// <summary>Runs a short command to completion, e.g. <c>rev-parse</c>.</summary>
    public static async Task<GitResult> RunAsync(string repositoryPath, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var git = Start(repositoryPath, arguments, withInput: false, cancellationToken);
        var output = await ReadBoundedAsync(git._process.StandardOutput, cancellationToken);
        var exitCode = await git.WaitForExitAsync(cancellationToken);
        return new GitResult(exitCode, output, await git.ErrorText);
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Closes stdin: git sees end of input and finishes.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // git has already exited; there is nothing left to tell it.
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Exited in the meantime.
        }
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        Kill();
        _process.Dispose();
    }

    public static string FirstLine(string text)
    {
        var trimmed = text.AsSpan().Trim();
        var end = trimmed.IndexOfAny('\r', '\n');
        return (end < 0 ? trimmed : trimmed[..end]).ToString();
    }

    /// <summary>Reads all text, keeping the first 64K characters; the rest is read and dropped so git never blocks.</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                text.Append(buffer, 0, Math.Min(read, MaxTextChars - text.Length));
            }
        }
        catch (IOException)
        {
            // The pipe broke because git was killed: what was read is all there is.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while draining: the scan is over.
        }
        return text.ToString();
    }
}
