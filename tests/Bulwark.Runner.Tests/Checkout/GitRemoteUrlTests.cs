using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Tests.Checkout;

public sealed class GitRemoteUrlTests
{
    [Theory]
    [InlineData("https://github.com/acme/models.git", "Https", "https://github.com")]
    [InlineData("https://gitlab.example.com:8443/group/sub/models.git", "Https", "https://gitlab.example.com:8443")]
    [InlineData("ssh://git@github.com/acme/models.git", "Ssh", null)]
    [InlineData("ssh://git@gitea.example.com:2222/acme/models.git", "Ssh", null)]
    [InlineData("git@github.com:acme/models.git", "Ssh", null)]
    [InlineData("gitea.example.com:acme/models.git", "Ssh", null)]
    public void Network_urls_are_accepted_without_any_flag(string url, string transport, string? scope)
    {
        var remote = GitRemoteUrl.Parse(url, allowLocalRepositories: false);

        remote.Url.ShouldBe(url);
        remote.Transport.ToString().ShouldBe(transport);
        remote.CredentialScope.ShouldBe(scope);
    }

    [Theory]
    [InlineData("file:///srv/git/models.git", "File")]
    [InlineData("/srv/git/models.git", "File")]
    [InlineData("http://127.0.0.1:8080/models.git", "LoopbackHttp")]
    [InlineData("http://localhost/models.git", "LoopbackHttp")]
    [InlineData("http://[::1]:9000/models.git", "LoopbackHttp")]
    public void Local_urls_need_the_flag(string url, string transport)
    {
        GitRemoteUrl.Parse(url, allowLocalRepositories: true).Transport.ToString().ShouldBe(transport);
        Should.Throw<CheckoutException>(() => GitRemoteUrl.Parse(url, allowLocalRepositories: false)).Message.ShouldContain("--allow-local-repositories");
    }

    [Theory]
    [InlineData("http://github.com/acme/models.git", "http://")]
    [InlineData("http://10.0.0.5/models.git", "http://")]
    [InlineData("git://github.com/acme/models.git", "transport that is not allowed")]
    [InlineData("ftp://example.com/models.git", "transport that is not allowed")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "spaces")]
    [InlineData("ext::sh", "transport helper")]
    [InlineData("fd::17", "transport helper")]
    [InlineData("-uhelp", "must not start with '-'")]
    [InlineData("--upload-pack=touch${IFS}/tmp/x", "must not start with '-'")]
    [InlineData("ssh://-oProxyCommand=touch${IFS}x/repo", "well-formed")]
    [InlineData("ssh://-oProxyCommand/repo", "ssh://[user@]host")]
    [InlineData("-oProxyCommand=x:repo", "must not start with '-'")]
    [InlineData("git@-oProxyCommand=x:repo", "does not start with '-'")]
    [InlineData("https://user:password@github.com/acme/models.git", "credentials")]
    [InlineData("https://ghp_token@github.com/acme/models.git", "credentials")]
    [InlineData("https://github.com\\@evil.example/models.git", "backslashes")]
    [InlineData("https://github.com/", "host and a repository path")]
    [InlineData("models.git", "relative local paths")]
    [InlineData("./models", "relative local paths")]
    [InlineData("https://github.com/acme/models.git\n", "control characters")]
    [InlineData("", "1 to 2048")]
    [InlineData("file://server/share/models.git", "file:///absolute/path")]
    public void Everything_else_is_refused_with_a_reason(string url, string reason)
    {
        Should.Throw<CheckoutException>(() => GitRemoteUrl.Parse(url, allowLocalRepositories: true)).Message.ShouldContain(reason);
    }

    [Fact]
    public void Refusals_never_repeat_the_url()
    {
        const string url = "https://x-access-token:ghp_secret123456@github.com/acme/models.git";

        Should.Throw<CheckoutException>(() => GitRemoteUrl.Parse(url, allowLocalRepositories: false)).Message.ShouldNotContain("ghp_secret123456");
    }
}
