using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

public sealed class GitCheckoutTests : IDisposable
{
    private static readonly GitOptions Local = new() { AllowLocalRepositories = true };

    private readonly SourceRepository _source = SourceRepository.Create();
    private readonly TempDirectory _work = new("bulwark-checkout-");
    private readonly CheckoutLog _log = new();
    private readonly string _first;
    private readonly string _second;
    private readonly string _third;

    public GitCheckoutTests()
    {
        _source.Write("model.txt", "version 1\n");
        _first = _source.Commit("first");
        _source.Write("model.txt", "version 2\n");
        _source.Write("data/train.csv", "a,b\n1,2\n");
        _second = _source.Commit("second");
        _source.Write("model.txt", "version 3\n");
        _third = _source.Commit("third");
    }

    private string Workspace => _work.Combine("workspace");

    private static JobCheckout Job(string url, string commit, int depth = 1) =>
        new() { RepositoryUrl = url, Commit = commit, Ref = "refs/heads/main", Depth = depth };

    private Task CheckoutAsync(JobCheckout checkout, GitOptions? options = null) =>
        new GitCheckout(options ?? Local).CheckoutAsync(checkout, Workspace, _log.Write, CancellationToken.None);

    private string WorkspaceGit(params string[] arguments) => TestGit.Run(Workspace, arguments);

    [Fact]
    public async Task Checks_out_a_commit_that_is_not_the_branch_tip()
    {
        await CheckoutAsync(Job(_source.FileUrl, _second));

        WorkspaceGit("rev-parse", "HEAD").ShouldBe(_second);
        File.ReadAllText(Path.Combine(Workspace, "model.txt")).ShouldBe("version 2\n");
        File.ReadAllText(Path.Combine(Workspace, "data", "train.csv")).ShouldBe("a,b\n1,2\n");
        WorkspaceGit("status", "--porcelain").ShouldBeEmpty();
        _log.Lines.ShouldContain(line => line.Contains(_second, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Depth_1_fetches_exactly_one_commit()
    {
        await CheckoutAsync(Job(_source.FileUrl, _third));

        WorkspaceGit("rev-list", "--count", "HEAD").ShouldBe("1");
        File.Exists(Path.Combine(Workspace, ".git", "shallow")).ShouldBeTrue();
    }

    [Fact]
    public async Task Depth_0_fetches_the_full_history()
    {
        await CheckoutAsync(Job(_source.FileUrl, _third, depth: 0));

        WorkspaceGit("rev-list", "--count", "HEAD").ShouldBe("3");
        WorkspaceGit("rev-list", "--max-parents=0", "HEAD").ShouldBe(_first);
    }

    [Fact]
    public async Task A_plain_absolute_path_works_when_local_repositories_are_allowed()
    {
        await CheckoutAsync(Job(_source.Path, _first));

        WorkspaceGit("rev-parse", "HEAD").ShouldBe(_first);
    }

    [Fact]
    public async Task A_missing_commit_fails_with_a_readable_message()
    {
        var missing = new string('a', 40);

        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(_source.FileUrl, missing)));

        ex.Message.ShouldBe($"commit {missing} was not found in the repository (it is not reachable from refs/heads/main, or the host refuses to serve it)");
    }

    [Fact]
    public async Task A_missing_repository_fails_with_gits_reason()
    {
        var ex = await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job("file://" + _work.Combine("nothing-here"), _first)));

        ex.Message.ShouldStartWith($"fetching commit {_first} from the repository failed: ");
        ex.Message.ShouldContain("does not appear to be a git repository");
    }

    [Fact]
    public async Task Local_repositories_are_refused_unless_allowed()
    {
        var options = new GitOptions();

        (await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(_source.FileUrl, _first), options)))
            .Message.ShouldContain("--allow-local-repositories");
        (await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(_source.Path, _first), options)))
            .Message.ShouldContain("--allow-local-repositories");
        Directory.Exists(Workspace).ShouldBeFalse();
    }

    [Fact]
    public async Task The_workspace_must_be_empty()
    {
        Directory.CreateDirectory(Workspace);
        File.WriteAllText(Path.Combine(Workspace, "left-over"), "x");

        (await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(Job(_source.FileUrl, _first)))).Message.ShouldBe("the workspace must be an empty directory");
    }

    [Theory]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF01", "refs/heads/main")]
    [InlineData("abc", "refs/heads/main")]
    [InlineData("--upload-pack=touch /tmp/x", "refs/heads/main")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef01", "main")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef01", "refs/heads/../../x")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef01", "refs/heads/a b")]
    public async Task Commit_ids_and_refs_git_must_not_see_are_refused(string commit, string reference)
    {
        var checkout = new JobCheckout { RepositoryUrl = _source.FileUrl, Commit = commit, Ref = reference };

        await Should.ThrowAsync<CheckoutException>(() => CheckoutAsync(checkout));
        Directory.Exists(Workspace).ShouldBeFalse();
    }

    [Fact]
    public async Task Hooks_filters_and_fsmonitor_planted_in_the_source_repository_never_run()
    {
        var marker = _work.Combine("pwned");
        _source.Write(".gitattributes", "* filter=evil\n");
        _source.Write(".gitmodules", "[submodule \"vendor\"]\n\tpath = vendor\n\turl = ext::sh -c touch% " + marker + "\n");
        var commit = _source.Commit("hostile");
        // Planted after the commit, so the source's own git commands above did not run them.
        foreach (var hook in new[] { "post-checkout", "post-merge", "reference-transaction", "post-index-change", "pre-auto-gc", "post-update", "pre-receive", "update" })
        {
            _source.PlantHook(hook, marker);
        }
        _source.Git("config", "core.fsmonitor", $"touch '{marker}';");
        _source.Git("config", "filter.evil.smudge", $"touch '{marker}'; cat");
        _source.Git("config", "filter.evil.required", "true");
        _source.Git("config", "uploadpack.packObjectsHook", $"touch '{marker}';");

        await CheckoutAsync(Job(_source.FileUrl, commit));

        WorkspaceGit("rev-parse", "HEAD").ShouldBe(commit);
        File.ReadAllText(Path.Combine(Workspace, "model.txt")).ShouldBe("version 3\n");
        Directory.Exists(Path.Combine(Workspace, "vendor")).ShouldBeFalse();
        File.Exists(marker).ShouldBeFalse();
        // git init ran with an empty template: not even sample hooks.
        Directory.Exists(Path.Combine(Workspace, ".git", "hooks")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_workspace_config_holds_no_remote_and_no_credential_helper()
    {
        await CheckoutAsync(Job(_source.FileUrl, _first));

        var config = File.ReadAllText(Path.Combine(Workspace, ".git", "config"));
        config.ShouldNotContain("remote");
        config.ShouldNotContain("credential");
        config.ShouldNotContain("hooksPath");
    }

    [Fact]
    public async Task Cancellation_stops_the_checkout()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new GitCheckout(Local).CheckoutAsync(Job(_source.FileUrl, _first), Workspace, _log.Write, cancelled.Token));
    }

    public void Dispose()
    {
        _source.Dispose();
        _work.Dispose();
    }
}
