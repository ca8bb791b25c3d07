using System.Text;
using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>Checkouts over loopback HTTP from <c>git http-backend</c>, with a server that demands the token.</summary>
public sealed class GitHttpCheckoutTests : IDisposable
{
    private const string Token = "ghs_T0kenThatMustNeverBeSeen9f3a2c71";
    private static readonly GitOptions Local = new() { AllowLocalRepositories = true };

    private readonly TempDirectory _root = new("bulwark-http-root-");
    private readonly TempDirectory _work = new("bulwark-http-work-");
    private readonly SourceRepository _source;
    private readonly CheckoutLog _log = new();
    private readonly string _first;
    private readonly string _second;

    public GitHttpCheckoutTests()
    {
        _source = SourceRepository.Create(_root.Combine("models.git"));
        _source.Write("model.txt", "version 1\n");
        _first = _source.Commit("first");
        _source.Write("model.txt", "version 2\n");
        _source.Write(".bulwark.yml", "on: push\n");
        _second = _source.Commit("second");
    }

    private string Workspace => _work.Combine("workspace");

    private JobCheckout Job(GitHttpServer server, string commit, string? token = Token, string repository = "models.git", int depth = 1) =>
        new() { RepositoryUrl = server.Url(repository), Commit = commit, Ref = "refs/heads/main", HttpsToken = token, Depth = depth };

    private Task CheckoutAsync(JobCheckout checkout, GitOptions? options = null) =>
        new GitCheckout(options ?? Local).CheckoutAsync(checkout, Workspace, _log.Write, CancellationToken.None);

    [Fact]
    public async Task Clone_with_the_token_succeeds_and_leaves_it_nowhere()
    {
        using var server = new GitHttpServer(_root.Path, Token);

        await CheckoutAsync(Job(server, _first));

        TestGit.Run(Workspace, ["rev-parse", "HEAD"]).ShouldBe(_first);
        // The token reached the server the intended way: as the Basic password after a 401 challenge.
        server.AuthorizationHeaders.ShouldContain("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token)));
        server.RequestPaths.ShouldAllBe(path => !path.Contains(Token, StringComparison.Ordinal));
        _log.Lines.ShouldNotBeEmpty();
        _log.Lines.ShouldAllBe(line => !line.Contains(Token, StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(Workspace, ".git", "config")).ShouldNotContain(Token);
        foreach (var file in Directory.EnumerateFiles(Workspace, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain(Token, customMessage: file);
        }
    }

    [Fact]
    public async Task Clone_without_the_token_fails_with_a_readable_message()
    {
        using var server = new GitHttpServer(_root.Path, Token);

        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(server, _first, token: null)));

        ex.Message.ShouldStartWith($"fetching commit {_first} from the repository failed: ");
        ex.Message.ShouldContain("could not read Username");
        server.AuthorizationHeaders.ShouldBeEmpty();
    }

    [Fact]
    public async Task Clone_with_a_wrong_token_fails_and_the_message_does_not_contain_it()
    {
        using var server = new GitHttpServer(_root.Path, Token);
        const string wrong = "ghs_WrongTokenAlsoSecret5d7e9b";

        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(server, _first, token: wrong)));

        ex.Message.ShouldContain("Authentication failed");
        ex.Message.ShouldNotContain(wrong);
        _log.Lines.ShouldAllBe(line => !line.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_token_is_masked_even_where_git_itself_repeats_it()
    {
        // A repository path that happens to contain the token: git's own error message quotes the URL.
        using var server = new GitHttpServer(_root.Path, Token);

        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(server, _first, repository: Token + ".git")));

        ex.Message.ShouldNotContain(Token);
        ex.Message.ShouldContain("***");
        _log.Lines.ShouldNotBeEmpty();
        _log.Lines.ShouldAllBe(line => !line.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_protocol_v0_host_serves_the_advertised_tip_by_id()
    {
        using var server = new GitHttpServer(_root.Path, Token, protocolV2: false);

        await CheckoutAsync(Job(server, _second));

        TestGit.Run(Workspace, ["rev-parse", "HEAD"]).ShouldBe(_second);
        TestGit.Run(Workspace, ["rev-list", "--count", "HEAD"]).ShouldBe("1");
        _log.Lines.ShouldNotContain(line => line.Contains("instead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_that_refuses_unadvertised_commit_ids_is_fetched_by_ref_then_with_full_history()
    {
        // Protocol v0 serves only advertised tips: the older commit must come through the ref's history.
        using var server = new GitHttpServer(_root.Path, Token, protocolV2: false);

        await CheckoutAsync(Job(server, _first));

        TestGit.Run(Workspace, ["rev-parse", "HEAD"]).ShouldBe(_first);
        File.ReadAllText(Path.Combine(Workspace, "model.txt")).ShouldBe("version 1\n");
        _log.Lines.ShouldContain(line => line.Contains("fetching refs/heads/main instead", StringComparison.Ordinal));
        _log.Lines.ShouldContain(line => line.Contains("fetching its full history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_to_another_server_is_not_followed_and_never_gets_the_token()
    {
        using var other = new GitHttpServer(_root.Path, Token);
        using var redirector = new HttpRedirector(other.Url(""));

        var ex = await Should.ThrowAsync<CheckoutException>(() =>
            CheckoutAsync(Job(other, _first) with { RepositoryUrl = redirector.Url + "models.git" }));

        ex.Message.ShouldNotContain(Token);
        other.AuthorizationHeaders.ShouldBeEmpty();
    }

    [Fact]
    public async Task Loopback_http_needs_local_repositories_to_be_allowed()
    {
        using var server = new GitHttpServer(_root.Path, Token);

        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(server, _first), new GitOptions()));

        ex.Message.ShouldContain("http://");
        server.RequestPaths.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadFile_over_http_uses_the_token_too()
    {
        using var server = new GitHttpServer(_root.Path, Token);
        var remote = new GitRemote(Local);

        var bytes = await remote.ReadFileAsync(Job(server, _second), ".bulwark.yml", 1024, CancellationToken.None);

        Encoding.UTF8.GetString(bytes!).ShouldBe("on: push\n");
        server.AuthorizationHeaders.ShouldNotBeEmpty();
    }

    public void Dispose()
    {
        _source.Dispose();
        _root.Dispose();
        _work.Dispose();
    }
}
