using System.Diagnostics;
using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>
/// SSH without an SSH server on this machine: the command git will run is checked by asking the real ssh to
/// print its effective configuration (<c>ssh -G</c>), the key file's lifetime and mode are checked on disk, and a
/// real connection attempt to a closed port fails cleanly.
/// </summary>
public sealed class GitSshTests : IDisposable
{
    private const string Key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----";
    private const string KnownHosts = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    private readonly TempDirectory _work = new("bulwark-ssh-");

    private static JobCheckout Job(string url = "git@github.com:acme/models.git", string? key = Key, string? knownHosts = KnownHosts) => new()
    {
        RepositoryUrl = url,
        Commit = "0123456789abcdef0123456789abcdef01234567",
        Ref = "refs/heads/main",
        SshPrivateKey = key,
        SshKnownHosts = knownHosts,
    };

    [Fact]
    public void Ssh_gets_only_the_deploy_key_and_the_pinned_host_keys()
    {
        using var session = GitSession.Start(Job(), new GitOptions());

        var command = session.Environment["GIT_SSH_COMMAND"];
        var effective = EffectiveSshConfig(command, "github.com");

        var keyFile = Path.Combine(session.PrivateDirectory, "ssh", "key");
        var knownHostsFile = Path.Combine(session.PrivateDirectory, "ssh", "known_hosts");
        effective.ShouldContain("stricthostkeychecking true");
        effective.ShouldContain("batchmode yes");
        effective.ShouldContain("identitiesonly yes");
        effective.ShouldContain("identityagent none");
        effective.ShouldContain("passwordauthentication no");
        effective.ShouldContain("forwardagent no");
        effective.ShouldContain("globalknownhostsfile /dev/null");
        effective.ShouldContain("identityfile " + keyFile);
        effective.ShouldContain("userknownhostsfile " + knownHostsFile);
        effective.ShouldNotContain(line => line.StartsWith("proxycommand", StringComparison.Ordinal));
        File.ReadAllText(keyFile).ShouldBe(Key + "\n");
        File.ReadAllText(knownHostsFile).ShouldBe(KnownHosts + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(session.PrivateDirectory).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        session.Environment.ShouldNotContainKey("SSH_AUTH_SOCK");
        session.Environment.ShouldNotContainKey(GitCredentials.TokenVariable);
        session.Environment["GIT_ALLOW_PROTOCOL"].ShouldBe("ssh");
    }

    [Fact]
    public void The_key_file_is_deleted_with_the_session()
    {
        string directory;
        using (var session = GitSession.Start(Job(), new GitOptions()))
        {
            directory = session.PrivateDirectory;
            File.Exists(Path.Combine(directory, "ssh", "key")).ShouldBeTrue();
        }

        Directory.Exists(directory).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, KnownHosts)]
    [InlineData(Key, null)]
    [InlineData(Key, "  ")]
    public void Ssh_without_a_key_or_pinned_host_keys_is_refused(string? key, string? knownHosts)
    {
        Should.Throw<CheckoutException>(() => GitSession.Start(Job(key: key, knownHosts: knownHosts), new GitOptions()))
            .Message.ShouldContain("known_hosts");
    }

    [Fact]
    public async Task A_failed_ssh_connection_is_a_readable_error_and_leaks_no_key()
    {
        var log = new CheckoutLog();
        var checkout = Job(url: "ssh://git@127.0.0.1:1/acme/models.git", knownHosts: "[127.0.0.1]:1 " + KnownHosts["github.com ".Length..]);

        var ex = await Should.ThrowAsync<CheckoutException>(() =>
            new GitCheckout(new GitOptions()).CheckoutAsync(checkout, _work.Combine("workspace"), log.Write, CancellationToken.None));

        ex.Message.ShouldContain("Connection refused");
        ex.Message.ShouldNotContain("OPENSSH PRIVATE KEY");
        log.Lines.ShouldAllBe(line => !line.Contains("b3BlbnNzaC1rZXktdjEAAAAA", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/tmp/plain")]
    [InlineData("/tmp/with space/and 'quotes'")]
    [InlineData("/tmp/$(touch x)`id`;rm -rf /")]
    [InlineData("/tmp/%d%h")]
    public void Shell_quoting_survives_the_shell(string value)
    {
        RunShell("printf %s " + GitCredentials.ShellQuote(value)).ShouldBe(value);
        RunShell("printf %s " + GitCredentials.SshPathOption("IdentityFile", value)).ShouldBe($"IdentityFile=\"{value.Replace("%", "%%", StringComparison.Ordinal)}\"");
    }

    private static List<string> EffectiveSshConfig(string command, string host) =>
        [.. RunShell(command + " -G " + host).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Runs a command line through /bin/sh, as git runs GIT_SSH_COMMAND.</summary>
    private static string RunShell(string commandLine)
    {
        var info = new ProcessStartInfo { FileName = "/bin/sh", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, error.Result);
        return output;
    }

    public void Dispose() => _work.Dispose();
}
