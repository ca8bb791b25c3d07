using System.Net;
using Bulwark.Server.Access;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Secrets;

/// <summary>The secrets panel of the project page: write-only values, maintainers only, MFA step-up before each change.</summary>
public abstract class SecretPagesTests(Provider provider) : IAsyncLifetime
{
    private const string Value = "hf_PageValue-3e9b1c7a5d2f";
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.EnrolMfaAsync("root");
        await _server.CreateUserAsync("viewer");
        using var token = _server.Client(await _server.CreateTokenAsync("root"));
        await token.CreateProjectAsync("ml-api");
        await _server.AddMemberAsync("ml-api", "viewer", ProjectRole.Viewer);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static (string, string)[] SetForm(string name, string value, string environment = "") =>
        [("Secret.Name", name), ("Secret.Value", value), ("Secret.Environment", environment), ("Secret.Branches", "main, release/*"), ("Secret.Events", "push")];

    [Fact]
    public async Task A_maintainer_sets_a_secret_after_step_up_and_the_page_never_shows_the_value()
    {
        using (var root = await BrowserSession.SignInAsync(_server, "root"))
        {
            var redirected = await root.PostFormAsync("/projects/ml-api", "set-secret", SetForm("HF_TOKEN", Value));
            redirected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            redirected.Headers.Location!.ToString().ShouldContain("/account/step-up");
            (await _server.WithDatabaseAsync(db => db.Secrets.CountAsync())).ShouldBe(0);
        }
        using var steppedUp = await BrowserSession.SignInAsync(_server, "root", steppedUp: true);

        var saved = await steppedUp.PostFormAsync("/projects/ml-api", "set-secret", SetForm("HF_TOKEN", Value, environment: "production"));

        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await saved.Content.ReadAsStringAsync();
        html.ShouldContain("HF_TOKEN saved as version 1.");
        html.ShouldContain("environment production");
        html.ShouldContain("refs main, release/*");
        html.ShouldNotContain(Value);
        (await (await steppedUp.GetAsync("/projects/ml-api")).Content.ReadAsStringAsync()).ShouldNotContain(Value);
        (await _server.ResolveAsync(SecretTestData.Job("ml-api", environment: "production", eventName: "push"))).ShouldHaveSingleItem().Value.ShouldBe(Value);
    }

    [Fact]
    public async Task A_refused_value_is_not_echoed_and_names_are_rendered_escaped()
    {
        using var steppedUp = await BrowserSession.SignInAsync(_server, "root", steppedUp: true);

        var refused = await steppedUp.PostFormAsync("/projects/ml-api", "set-secret", SetForm("<script>x</script>", Value));

        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldNotContain(Value);
        html.ShouldNotContain("<script>x");
        (await _server.WithDatabaseAsync(db => db.Secrets.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_viewer_sees_names_but_no_forms_and_a_forged_post_changes_nothing()
    {
        using (var steppedUp = await BrowserSession.SignInAsync(_server, "root", steppedUp: true))
        {
            (await steppedUp.PostFormAsync("/projects/ml-api", "set-secret", SetForm("HF_TOKEN", Value))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using var viewer = await BrowserSession.SignInAsync(_server, "viewer");

        var page = await (await viewer.GetAsync("/projects/ml-api")).Content.ReadAsStringAsync();
        page.ShouldContain("HF_TOKEN");
        page.ShouldNotContain("set-secret");
        page.ShouldNotContain("delete-secret");
        var forged = await viewer.PostFormAsync("/projects/ml-api", "delete-secret--HF_TOKEN");

        ((int)forged.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        (await _server.WithDatabaseAsync(db => db.Secrets.CountAsync())).ShouldBe(1);
    }
}

public sealed class SqliteSecretPagesTests() : SecretPagesTests(Provider.Sqlite);

public sealed class PostgresSecretPagesTests() : SecretPagesTests(Provider.Postgres);
