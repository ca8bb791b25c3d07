using System.Diagnostics;
using System.Net.Sockets;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>
/// A real OpenSSH server (Debian's openssh-server) on a loopback port, for checkouts over SSH: its own host key, one
/// authorised client key, logins as the current user only, no passwords. <see cref="KnownHosts"/> pins its host key
/// the way a project's <c>NAME_KNOWN_HOSTS</c> secret does.
/// </summary>
internal sealed class SshServer : IDisposable
{
    private const string Sshd = "/usr/sbin/sshd";

    private readonly TempDirectory _directory = new("bulwark-sshd-");
    private readonly Process _process;

    public SshServer()
    {
        File.Exists(Sshd).ShouldBeTrue("the SSH checkout tests need openssh-server (.ci/run installs it)");
        Environment.IsPrivilegedProcess.ShouldBeTrue("sshd needs root to switch to the logged-in user (CI runs as root)");
        var hostKey = Keygen("host_key");
        var clientKey = Keygen("client_key");
        File.Copy(clientKey + ".pub", _directory.Combine("authorized_keys"));
        ClientKey = File.ReadAllText(clientKey);
        Port = LoopbackPort.Free();
        KnownHosts = $"[127.0.0.1]:{Port} {string.Join(' ', File.ReadAllText(hostKey + ".pub").Split(' ').Take(2))}";
        var config = _directory.Write("sshd_config", $"""
            ListenAddress 127.0.0.1
            Port {Port}
            HostKey {hostKey}
            AuthorizedKeysFile {_directory.Combine("authorized_keys")}
            PidFile none
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            UsePAM no
            AllowUsers {Environment.UserName}
            """);
        // sshd insists on its privilege-separation directory.
        Directory.CreateDirectory("/run/sshd");
        var start = new ProcessStartInfo(Sshd) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    /// <summary>The authorised client's private key (OpenSSH format), as a deploy key secret holds it.</summary>
    public string ClientKey { get; }

    /// <summary>The known_hosts line for this server's host key.</summary>
    public string KnownHosts { get; }

    /// <summary>A key pair the server does not know, for refusals.</summary>
    public string StrangerKey() => File.ReadAllText(Keygen("stranger_" + Guid.NewGuid().ToString("N")[..6]));

    public string Url(string repositoryPath) => $"ssh://{Environment.UserName}@127.0.0.1:{Port}{repositoryPath}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _directory.Dispose();
    }

    private string Keygen(string name)
    {
        var path = _directory.Combine(name);
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path })
        {
            start.ArgumentList.Add(argument);
        }
        using var keygen = Process.Start(start)!;
        keygen.WaitForExit();
        keygen.ExitCode.ShouldBe(0, keygen.StandardError.ReadToEnd());
        return path;
    }

    private void WaitUntilListening()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            _process.HasExited.ShouldBeFalse("sshd exited at start");
            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "sshd did not start listening");
                Thread.Sleep(50);
            }
        }
    }
}
