using System.Net;
using System.Text.RegularExpressions;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Server.Tests.Identity;

/// <summary>A server on fake time (so TOTP steps, step-up windows and stamp checks are under the test's control) and browser-like clients.</summary>
public abstract partial class AccountTestBase(Provider provider) : IAsyncLifetime
{
    internal TestServer Server { get; private set; } = null!;

    /// <summary>Five seconds into a TOTP step, so step boundaries are never crossed by accident.</summary>
    internal FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 5, TimeSpan.Zero));

    public async Task InitializeAsync() => Server = await TestServer.StartAsync(provider, time: Time);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    internal FormClient NewClient() => new(Server.BaseAddress);

    /// <summary>Signs an administrator in (sent to enrolment), enrols through /account/mfa and returns the client and key.</summary>
    internal async Task<(FormClient Client, string Key)> EnrolledAdminAsync(string username = "root")
    {
        await Server.CreateUserAsync(username, isAdmin: true);
        var client = NewClient();
        var signedIn = await client.SignInAsync(username, TestServer.StrongPassword);
        Redirect(signedIn).ShouldBe("/account/mfa");
        var page = await (await client.GetAsync("/account/mfa")).Content.ReadAsStringAsync();
        var key = SharedKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        key.ShouldNotBeEmpty();
        var confirmed = await client.SubmitAsync("/account/mfa", "confirm", new Dictionary<string, string> { ["Code"] = TestTotp.Code(key, Time.GetUtcNow()) });
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain("recovery-codes");
        return (client, key);
    }

    /// <summary>Where a redirect goes, as a local path; an absolute Location must point at this server.</summary>
    internal string Redirect(HttpResponseMessage response)
    {
        var location = response.Headers.Location.ShouldNotBeNull();
        if (!location.IsAbsoluteUri)
        {
            return location.OriginalString;
        }
        location.Authority.ShouldBe(Server.BaseAddress.Authority);
        return location.PathAndQuery;
    }

    internal static IReadOnlyList<string> RecoveryCodes(string html) =>
        RecoveryCode().Matches(html).Select(m => m.Groups[1].Value).ToArray();

    [GeneratedRegex("id=\"shared-key\">([a-z2-7 ]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
