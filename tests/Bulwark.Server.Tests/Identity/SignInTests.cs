using System.Net;
using Bulwark.Server.Audit;
using Bulwark.Server.Identity;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Identity;

public abstract class SignInTests(Provider provider) : AccountTestBase(provider)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_every_attempt_is_audited_with_the_source_ip()
    {
        await Server.CreateUserAsync("dev");
        using var client = NewClient();
        for (var i = 0; i < 5; i++)
        {
            var failed = await client.SignInAsync("dev", "wrong-password-" + i);
            failed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await failed.Content.ReadAsStringAsync()).ShouldContain("Sign-in failed");
        }
        var locked = await client.SignInAsync("dev", TestServer.StrongPassword);
        locked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        client.SessionCookie(Server.BaseAddress).ShouldBeNull();

        var entries = await Server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Target == "user:dev").OrderBy(e => e.Sequence).ToListAsync());
        entries.Select(e => e.Action).ShouldBe([AuditActions.UserCreated, .. Enumerable.Repeat(AuditActions.SignInFailed, 5), AuditActions.LockedOut, AuditActions.SignInFailed]);
        entries.Skip(1).ShouldAllBe(e => e.SourceIp == "127.0.0.1" && e.Outcome == "failure");
        entries[^1].Details.ShouldContain("locked-out");
    }

    [Fact]
    public async Task An_unknown_username_gets_the_same_answer_as_a_wrong_password()
    {
        await Server.CreateUserAsync("dev");
        using var client = NewClient();
        var unknown = await (await client.SignInAsync("nobody", "whatever-password")).Content.ReadAsStringAsync();
        var wrong = await (await client.SignInAsync("dev", "whatever-password")).Content.ReadAsStringAsync();
        unknown.ShouldContain(SignInMessages.Failed);
        wrong.ShouldContain(SignInMessages.Failed);
    }

    [Fact]
    public async Task Member_signs_in_with_password_and_gets_a_strict_session_cookie()
    {
        await Server.CreateUserAsync("dev");
        using var client = NewClient();
        var response = await client.SignInAsync("dev", TestServer.StrongPassword);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Redirect(response).ShouldBe("/");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bulwark.session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=strict");
        (await client.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SignInSucceeded && e.SourceIp == "127.0.0.1"))).ShouldBe(1);
    }

    [Fact]
    public async Task Too_many_attempts_for_one_account_answer_429()
    {
        using var client = NewClient();
        for (var i = 0; i < Bulwark.Server.Identity.SignInThrottle.PermitsPerAccountPerMinute; i++)
        {
            (await client.SignInAsync("target", "guess-" + i)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        var throttled = await client.SignInAsync("TARGET", "one-more-guess");
        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        // Another account from the same address is still served (the per-IP budget is larger).
        (await client.SignInAsync("someone-else", "guess")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        await Server.CreateUserAsync("dev");
        using var client = NewClient();
        var response = await client.SubmitAsync("/signin", "signin", new Dictionary<string, string> { ["Username"] = "dev", ["Password"] = TestServer.StrongPassword }, withToken: false);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        client.SessionCookie(Server.BaseAddress).ShouldBeNull();
    }

    [Fact]
    public async Task Sign_out_needs_the_antiforgery_token()
    {
        await Server.CreateUserAsync("dev");
        using var client = NewClient();
        await client.SignInAsync("dev", TestServer.StrongPassword);
        var forged = await client.SubmitAsync("/account", null, new Dictionary<string, string>(), action: "/signout", withToken: false);
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var signedOut = await client.SubmitAsync("/account", null, new Dictionary<string, string>(), action: "/signout");
        Redirect(signedOut).ShouldBe("/signin");
        (await client.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Return_urls_to_other_sites_are_ignored(string returnUrl)
    {
        await Server.CreateUserAsync("dev");
        using var client = NewClient();
        var page = "/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var response = await client.SubmitAsync(page, "signin", new Dictionary<string, string> { ["Username"] = "dev", ["Password"] = TestServer.StrongPassword });
        Redirect(response).ShouldBe("/");
    }

    [Fact]
    public async Task Script_in_a_username_is_rendered_escaped()
    {
        using var client = NewClient();
        var response = await client.SignInAsync("<script>alert(1)</script>", "whatever-password");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;");
    }
}

public sealed class SqliteSignInTests() : SignInTests(Provider.Sqlite);

public sealed class PostgresSignInTests() : SignInTests(Provider.Postgres);
