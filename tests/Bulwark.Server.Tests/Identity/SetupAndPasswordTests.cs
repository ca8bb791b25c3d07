using System.Net;
using Bulwark.Server.Audit;
using Bulwark.Server.Identity;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Identity;

public sealed class SetupAndPasswordTests() : AccountTestBase(Provider.Sqlite)
{
    private Dictionary<string, string> SetupForm(string token, string username = "root", string password = TestServer.StrongPassword) =>
        new() { ["SetupTokenValue"] = token, ["Username"] = username, ["Password"] = password, ["Confirm"] = password };

    [Fact]
    public async Task The_setup_token_creates_one_administrator_and_then_setup_is_closed()
    {
        using var client = NewClient();
        var created = await client.SubmitAsync("/setup", "setup", SetupForm(Server.SetupToken!));
        Redirect(created).ShouldBe("/account/mfa");
        client.SessionCookie(Server.BaseAddress).ShouldNotBeNull();
        (await Server.WithDatabaseAsync(db => db.Users.SingleAsync())).IsAdmin.ShouldBeTrue();
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SetupCompleted && e.Outcome == "success"))).ShouldBe(1);

        using var other = NewClient();
        (await other.GetAsync("/setup")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The closed page has no setup form; a post to it anyway (token from another page) is refused.
        var reused = await other.SubmitAsync("/signin", "setup", SetupForm(Server.SetupToken!, "second"), action: "/setup");
        reused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.WithDatabaseAsync(db => db.Users.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_setup_token_creates_nothing_and_a_weak_password_does_not_spend_the_token()
    {
        using var client = NewClient();
        (await client.SubmitAsync("/setup", "setup", SetupForm("0123456789abcdef0123456789abcdef"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.SubmitAsync("/setup", "setup", SetupForm(Server.SetupToken!, password: "password12345"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.WithDatabaseAsync(db => db.Users.CountAsync())).ShouldBe(0);
        Redirect(await client.SubmitAsync("/setup", "setup", SetupForm(Server.SetupToken!))).ShouldBe("/account/mfa");
    }

    [Theory]
    [InlineData("password12345", "PasswordTooCommon")]
    [InlineData("Qwertyuiop123", "PasswordTooCommon")]
    [InlineData("1q2w3e4r5t6y", "PasswordTooCommon")]
    [InlineData("iloveyou!!!!!!", "PasswordTooCommon")]
    [InlineData("short-pw", "PasswordTooShort")]
    [InlineData("my-alice-password-9", "PasswordContainsUserName")]
    public async Task Weak_passwords_are_refused(string password, string code)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BulwarkUser>>();
        var result = await users.CreateAsync(new BulwarkUser { UserName = "Alice" }, password);
        result.Errors.Select(e => e.Code).ShouldContain(code);
    }

    [Fact]
    public void A_strong_password_is_not_common()
    {
        PasswordPolicyValidator.IsCommon(TestServer.StrongPassword).ShouldBeFalse();
        PasswordPolicyValidator.IsCommon("PASSWORD").ShouldBeTrue();
    }
}
