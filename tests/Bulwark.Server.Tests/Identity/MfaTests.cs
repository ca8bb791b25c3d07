using System.Net;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Identity;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Identity;

public abstract class MfaTests(Provider provider) : AccountTestBase(provider)
{
    [Fact]
    public async Task Enrolment_is_audited_and_the_next_sign_in_needs_a_fresh_code()
    {
        var (_, key) = await EnrolledAdminAsync();
        var actions = await Server.WithDatabaseAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync());
        actions.ShouldContain(AuditActions.MfaEnrolled);
        actions.ShouldContain(AuditActions.RecoveryCodesGenerated);

        using var second = NewClient();
        Redirect(await second.SignInAsync("root", TestServer.StrongPassword)).ShouldStartWith("/signin/mfa");
        second.SessionCookie(Server.BaseAddress).ShouldBeNull();
        // The enrolment code (this step) is spent: replaying it fails, the next step's code works.
        (await second.SecondFactorAsync(TestTotp.Code(key, Time.GetUtcNow()))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Redirect(await second.SecondFactorAsync(TestTotp.Code(key, Time.GetUtcNow(), stepOffset: 1))).ShouldBe("/");
        second.SessionCookie(Server.BaseAddress).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_replayed_totp_code_is_refused_after_it_signed_someone_in()
    {
        var (_, key) = await EnrolledAdminAsync();
        Time.Advance(TimeSpan.FromSeconds(30));
        var code = TestTotp.Code(key, Time.GetUtcNow());
        using var first = NewClient();
        await first.SignInAsync("root", TestServer.StrongPassword);
        Redirect(await first.SecondFactorAsync(code)).ShouldBe("/");

        using var attacker = NewClient();
        await attacker.SignInAsync("root", TestServer.StrongPassword);
        (await attacker.SecondFactorAsync(code)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        attacker.SessionCookie(Server.BaseAddress).ShouldBeNull();
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SignInFailed && e.Details.Contains("bad-totp-code")))).ShouldBe(1);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        await Server.CreateUserAsync("root", isAdmin: true);
        using var enrolling = NewClient();
        await enrolling.SignInAsync("root", TestServer.StrongPassword);
        var (_, key) = (enrolling, await Server.WithDatabaseAsync(db => db.Users.Select(u => u.Id).SingleAsync()));
        var page = await (await enrolling.GetAsync("/account/mfa")).Content.ReadAsStringAsync();
        var sharedKey = System.Text.RegularExpressions.Regex.Match(page, "id=\"shared-key\">([a-z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var confirmed = await enrolling.SubmitAsync("/account/mfa", "confirm", new Dictionary<string, string> { ["Code"] = TestTotp.Code(sharedKey, Time.GetUtcNow()) });
        var codes = RecoveryCodes(await confirmed.Content.ReadAsStringAsync());
        codes.Count.ShouldBe(MfaVerifier.RecoveryCodeCount);
        key.ShouldNotBeNull();

        using var first = NewClient();
        await first.SignInAsync("root", TestServer.StrongPassword);
        Redirect(await first.SecondFactorAsync(codes[0])).ShouldBe("/");
        using var again = NewClient();
        await again.SignInAsync("root", TestServer.StrongPassword);
        (await again.SecondFactorAsync(codes[0])).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.RecoveryCodeUsed))).ShouldBe(1);
    }

    [Fact]
    public async Task Step_up_lets_a_sensitive_action_through_for_ten_minutes_only()
    {
        var (client, key) = await EnrolledAdminAsync();
        var regenerate = () => client.SubmitAsync("/account/mfa", "regenerate", new Dictionary<string, string>());
        Redirect(await regenerate()).ShouldStartWith("/account/step-up");

        Time.Advance(TimeSpan.FromSeconds(30));
        var stepUp = await client.SubmitAsync("/account/step-up?returnUrl=%2Faccount%2Fmfa", "step-up", new Dictionary<string, string> { ["Code"] = TestTotp.Code(key, Time.GetUtcNow()) });
        Redirect(stepUp).ShouldBe("/account/mfa");
        var fresh = await regenerate();
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        RecoveryCodes(await fresh.Content.ReadAsStringAsync()).Count.ShouldBe(MfaVerifier.RecoveryCodeCount);

        // Past the window the claim no longer counts, even though periodic stamp checks carried it over.
        Time.Advance(StepUpRequirement.Window + TimeSpan.FromSeconds(1));
        Redirect(await regenerate()).ShouldStartWith("/account/step-up");
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.StepUpSucceeded))).ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_step_up_code_is_refused_and_audited()
    {
        var (client, _) = await EnrolledAdminAsync();
        var stepUp = await client.SubmitAsync("/account/step-up", "step-up", new Dictionary<string, string> { ["Code"] = "000000" });
        stepUp.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.StepUpFailed))).ShouldBe(1);
    }

    [Fact]
    public async Task Administrators_cannot_turn_mfa_off_while_the_policy_requires_it()
    {
        var (client, key) = await EnrolledAdminAsync();
        Time.Advance(TimeSpan.FromSeconds(30));
        await client.SubmitAsync("/account/step-up", "step-up", new Dictionary<string, string> { ["Code"] = TestTotp.Code(key, Time.GetUtcNow()) });
        var disable = await client.SubmitAsync("/account/mfa", "disable", new Dictionary<string, string>());
        disable.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Server.WithDatabaseAsync(db => db.Users.SingleAsync())).TwoFactorEnabled.ShouldBeTrue();
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.MfaDisabled && e.Outcome == "failure"))).ShouldBe(1);
    }

    [Fact]
    public async Task An_unenrolled_administrator_is_sent_to_enrolment_instead_of_a_bare_403()
    {
        await Server.CreateUserAsync("root", isAdmin: true);
        using var client = NewClient();
        await client.SignInAsync("root", TestServer.StrongPassword);
        Redirect(await client.GetAsync("/forbidden?ReturnUrl=%2Faudit")).ShouldBe("/account/mfa");
        var page = await (await client.GetAsync("/account/mfa")).Content.ReadAsStringAsync();
        page.ShouldContain("cannot act");
        page.ShouldContain("src=\"data:image/png;base64,");
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_other_sessions_within_the_stamp_check_interval()
    {
        await Server.CreateUserAsync("dev");
        using var laptop = NewClient();
        using var phone = NewClient();
        await laptop.SignInAsync("dev", TestServer.StrongPassword);
        await phone.SignInAsync("dev", TestServer.StrongPassword);
        (await phone.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        Redirect(await laptop.SubmitAsync("/account", null, new Dictionary<string, string>(), action: "/account/signout-everywhere")).ShouldBe("/signin");
        Time.Advance(IdentityServices.StampCheckInterval + TimeSpan.FromSeconds(1));
        var after = await phone.GetAsync("/account");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Redirect(after).ShouldStartWith("/signin");
        (await Server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SignedOutEverywhere))).ShouldBe(1);
    }
}

public sealed class SqliteMfaTests() : MfaTests(Provider.Sqlite);

public sealed class PostgresMfaTests() : MfaTests(Provider.Postgres);
