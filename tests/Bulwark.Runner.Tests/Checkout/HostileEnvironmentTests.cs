using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// The runner's own environment is hostile here: variables that would make git run hooks, read another config,
/// rewrite URLs, use another SSH command or ask a password program. None of it may reach the checkout's git.
/// These tests change process-wide environment variables, so they run alone.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class HostileEnvironmentTests : IDisposable
{
    private readonly TempDirectory _work = new("bulwark-hostile-");
    private readonly SourceRepository _source = SourceRepository.Create();
    private readonly SourceRepository _decoy = SourceRepository.Create();
    private readonly Dictionary<string, string?> _saved = [];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Git_variables_and_global_config_of_the_runner_do_not_reach_the_checkout()
    {
        _source.Write("model.txt", "real\n");
        var commit = _source.Commit("real");
        _decoy.Write("model.txt", "decoy\n");
        _decoy.Commit("decoy");
        var marker = _work.Combine("pwned");
        var hooks = _work.Combine("hooks");
        foreach (var hook in new[] { "post-checkout", "reference-transaction", "post-index-change" })
        {
            _work.Write(Path.Combine("hooks", hook), $"#!/bin/sh\ntouch '{marker}'\n");
            File.SetUnixFileMode(Path.Combine(hooks, hook), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var templates = _work.Combine("templates");
        Directory.CreateDirectory(templates);
        Directory.CreateSymbolicLink(Path.Combine(templates, "hooks"), hooks);
        var askpass = _work.Write("askpass.sh", $"#!/bin/sh\ntouch '{marker}'\necho secret\n");
        File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var globalConfig = _work.Write("gitconfig",
            $"[core]\n\thooksPath = {hooks}\n\tfsmonitor = touch '{marker}';\n[url \"{_decoy.FileUrl}\"]\n\tinsteadOf = {_source.FileUrl}\n[init]\n\ttemplateDir = {templates}\n");

        Set("GIT_CONFIG_GLOBAL", globalConfig);
        Set("GIT_CONFIG_PARAMETERS", $"'core.hooksPath'='{hooks}'");
        Set("GIT_CONFIG_COUNT", "1");
        Set("GIT_CONFIG_KEY_0", "core.hooksPath");
        Set("GIT_CONFIG_VALUE_0", hooks);
        Set("GIT_TEMPLATE_DIR", templates);
        Set("GIT_ASKPASS", askpass);
        Set("SSH_ASKPASS", askpass);
        Set("GIT_SSH_COMMAND", $"touch '{marker}'; ssh");
        Set("GIT_DIR", _decoy.Path + "/.git");
        Set("GIT_ALLOW_PROTOCOL", "file:ext:https:http:ssh");

        var workspace = _work.Combine("workspace");
        await new GitCheckout(new GitOptions { AllowLocalRepositories = true })
            .CheckoutAsync(new JobCheckout { RepositoryUrl = _source.FileUrl, Commit = commit, Ref = "refs/heads/main" }, workspace, new CheckoutLog().Write, CancellationToken.None);

        File.ReadAllText(Path.Combine(workspace, "model.txt")).ShouldBe("real\n");
        File.Exists(marker).ShouldBeFalse();
        Directory.Exists(Path.Combine(workspace, ".git", "hooks")).ShouldBeFalse();
        // GIT_DIR did not send the checkout into another repository.
        Restore();
        TestGit.Run(workspace, ["rev-parse", "HEAD"]).ShouldBe(commit);
        _decoy.Git("log", "-1", "--format=%s").ShouldBe("decoy");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_inherited_askpass_program_is_never_asked_for_a_password()
    {
        var marker = _work.Combine("asked");
        var askpass = _work.Write("askpass.sh", $"#!/bin/sh\ntouch '{marker}'\necho stolen\n");
        File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var root = _work.Combine("served");
        using var served = SourceRepository.Create(Path.Combine(root, "models.git"));
        var commit = served.Commit("one");
        using var server = new GitHttpServer(root, token: "the-real-token-5f1e");
        Set("GIT_ASKPASS", askpass);
        Set("SSH_ASKPASS", askpass);
        Set("GIT_TERMINAL_PROMPT", "1");

        var checkout = new JobCheckout { RepositoryUrl = server.Url("models.git"), Commit = commit, Ref = "refs/heads/main" };
        await Should.ThrowAsync<CheckoutException>(() => new GitCheckout(new GitOptions { AllowLocalRepositories = true })
            .CheckoutAsync(checkout, _work.Combine("workspace"), new CheckoutLog().Write, CancellationToken.None));

        File.Exists(marker).ShouldBeFalse();
        server.AuthorizationHeaders.ShouldBeEmpty();
    }

    private void Set(string name, string value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    private void Restore()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        _saved.Clear();
    }

    public void Dispose()
    {
        Restore();
        _source.Dispose();
        _decoy.Dispose();
        _work.Dispose();
    }
}
