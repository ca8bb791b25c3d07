using System.Text;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Checkout;

/// <summary>
/// How one git session authenticates, as environment variables and <c>-c</c> settings of the git process.
/// The HTTPS token lives only in the environment variable <see cref="TokenVariable"/>; a credential helper
/// scoped to the repository's scheme and host prints it on git's request, so it never appears in a URL, an
/// argument list or <c>.git/config</c>. An SSH key is written to a 0600 file in the session's private
/// directory with the pinned known_hosts beside it, and GIT_SSH_COMMAND makes ssh use exactly those.
/// </summary>
internal static class GitCredentials
{
    public const string TokenVariable = "BULWARK_GIT_TOKEN";

    /// <summary>The user name sent with the token; GitHub, Gitea and GitLab accept any user name with an access token.</summary>
    public const string TokenUser = "x-access-token";

    /// <summary>Answers only <c>get</c>; <c>store</c> and <c>erase</c> are ignored so nothing is ever written down.</summary>
    private const string Helper = "!f() { test \"$1\" = get || return 0; echo username=" + TokenUser + "; printf 'password=%s\\n' \"$" + TokenVariable + "\"; }; f";

    /// <summary>Adds the settings and variables for <paramref name="checkout"/>'s credentials; returns the secrets to mask.</summary>
    /// <exception cref="CheckoutException">A credential is malformed or SSH lacks its key or known_hosts.</exception>
    public static IReadOnlyList<string> Apply(JobCheckout checkout, GitRemoteUrl remote, string privateDirectory, List<string> config, Dictionary<string, string> environment)
    {
        // Inherited helpers (from any config git might still read) would be asked first and could leak or store the token.
        config.Add("credential.helper=");
        switch (remote.Transport)
        {
            case GitTransport.Https or GitTransport.LoopbackHttp when !string.IsNullOrEmpty(checkout.HttpsToken):
                var token = checkout.HttpsToken;
                if (token.Any(char.IsControl) || token.Length > 16 * 1024)
                {
                    throw new CheckoutException("the HTTPS token contains control characters or is too long");
                }
                config.Add($"credential.{remote.CredentialScope}.helper={Helper}");
                environment[TokenVariable] = token;
                return [token, TokenUser + ":" + token];
            case GitTransport.Ssh:
                environment["GIT_SSH_COMMAND"] = SshCommand(checkout, privateDirectory);
                environment["GIT_SSH_VARIANT"] = "ssh";
                return string.IsNullOrEmpty(checkout.SshPrivateKey) ? [] : [checkout.SshPrivateKey.Trim()];
            default:
                return [];
        }
    }

    /// <summary>
    /// The ssh command line: no user or system ssh config, no agent, only the given key, only the pinned host keys,
    /// never a prompt. Paths are single-quoted because git runs GIT_SSH_COMMAND through the shell.
    /// </summary>
    internal static string SshCommand(JobCheckout checkout, string privateDirectory)
    {
        if (string.IsNullOrWhiteSpace(checkout.SshPrivateKey) || string.IsNullOrWhiteSpace(checkout.SshKnownHosts))
        {
            throw new CheckoutException("an SSH repository needs a deploy key and the host's known_hosts lines (host keys are pinned, never trusted on first use)");
        }
        var directory = Path.Combine(privateDirectory, "ssh");
        Directory.CreateDirectory(directory);
        var keyFile = Path.Combine(directory, "key");
        var knownHostsFile = Path.Combine(directory, "known_hosts");
        // ssh refuses a key file that others can read, and rejects an OpenSSH key without its final newline.
        WritePrivate(keyFile, checkout.SshPrivateKey.ReplaceLineEndings("\n").TrimEnd() + "\n");
        WritePrivate(knownHostsFile, checkout.SshKnownHosts.ReplaceLineEndings("\n").TrimEnd() + "\n");
        return string.Join(' ',
            "ssh", "-F", "/dev/null",
            "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none",
            "-o", SshPathOption("IdentityFile", keyFile),
            "-o", SshPathOption("UserKnownHostsFile", knownHostsFile),
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UpdateHostKeys=no",
            "-o", "PasswordAuthentication=no",
            "-o", "KbdInteractiveAuthentication=no",
            "-o", "ForwardAgent=no",
            "-o", "ClearAllForwardings=yes",
            "-o", "PermitLocalCommand=no",
            "-o", "ControlMaster=no",
            "-o", "ControlPath=none");
    }

    /// <summary>
    /// <c>Name="path"</c>, shell-quoted: ssh splits an option's value at spaces unless it is double-quoted, and expands
    /// '%' tokens in these paths, so '%' is doubled. A path with a double quote cannot be expressed and is refused.
    /// </summary>
    internal static string SshPathOption(string name, string path)
    {
        if (path.Contains('"', StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            throw new CheckoutException("the temporary directory's path cannot be passed to ssh (it contains a double quote or control character)");
        }
        return ShellQuote($"{name}=\"{path.Replace("%", "%%", StringComparison.Ordinal)}\"");
    }

    /// <summary>POSIX shell single quoting: safe for any path, including ones with quotes or spaces.</summary>
    internal static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the start: there is no moment when the key is readable by others.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
