using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>Checkouts over SSH from a real sshd on loopback: the deploy key authenticates and the pinned host key is enforced.</summary>
public sealed class GitSshServerTests : IDisposable
{
    private readonly SshServer _server = new();
    private readonly TempDirectory _work = new("bulwark-ssh-work-");
    private readonly SourceRepository _source;
    private readonly CheckoutLog _log = new();
    private readonly string _commit;

    public GitSshServerTests()
    {
        _source = SourceRepository.Create();
        _source.Write("model.txt", "weights over ssh\n");
        _commit = _source.Commit("first");
    }

    public void Dispose()
    {
        _server.Dispose();
        _source.Dispose();
        _work.Dispose();
    }

    private string Workspace => _work.Combine("workspace");

    private JobCheckout Job(string? key = null, string? knownHosts = null) => new()
    {
        RepositoryUrl = _server.Url(_source.Path),
        Commit = _commit,
        Ref = "refs/heads/main",
        SshPrivateKey = key ?? _server.ClientKey,
        SshKnownHosts = knownHosts ?? _server.KnownHosts,
    };

    private Task CheckoutAsync(JobCheckout checkout) =>
        new GitCheckout(new GitOptions()).CheckoutAsync(checkout, Workspace, _log.Write, CancellationToken.None);

    [Fact]
    public async Task The_deploy_key_checks_out_the_commit_and_is_left_nowhere()
    {
        await CheckoutAsync(Job());

        TestGit.Run(Workspace, ["rev-parse", "HEAD"]).ShouldBe(_commit);
        File.ReadAllText(Path.Combine(Workspace, "model.txt")).ShouldBe("weights over ssh\n");
        var keyLine = _server.ClientKey.Split('\n')[1];
        foreach (var file in Directory.EnumerateFiles(Workspace, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain(keyLine, customMessage: file);
        }
        _log.Lines.ShouldAllBe(line => !line.Contains(keyLine, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_whose_key_is_not_the_pinned_one_is_refused()
    {
        var otherHost = $"[127.0.0.1]:{_server.Port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(knownHosts: otherHost)));

        ex.Message.ShouldContain("Host key verification failed");
        File.Exists(Path.Combine(Workspace, "model.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_key_the_server_does_not_know_is_refused_without_a_prompt()
    {
        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(key: _server.StrangerKey())));

        ex.Message.ShouldContain("Permission denied");
        File.Exists(Path.Combine(Workspace, "model.txt")).ShouldBeFalse();
    }
}
