using System.Globalization;
using System.Net;
using System.Security.Claims;
using Bulwark.Server.Access;
using Bulwark.Server.Identity;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Tests.Access;

/// <summary>
/// A browser-like client holding a real session cookie, sealed with the server's own cookie protection, as the
/// sign-in page would issue it (optionally with a fresh step-up). Forms are posted with their antiforgery token.
/// </summary>
internal sealed class BrowserSession : IDisposable
{
    private readonly HttpClient _client;

    private BrowserSession(HttpClient client) => _client = client;

    public static async Task<BrowserSession> SignInAsync(TestServer server, string username, bool steppedUp = false)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<BulwarkUser>>().FindByNameAsync(username);
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<BulwarkUser>>().CreateAsync(user!);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        if (steppedUp)
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(BulwarkClaims.StepUpAt, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }
        var cookie = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, IdentityConstants.ApplicationScheme);
        var jar = new CookieContainer();
        jar.Add(server.BaseAddress, new Cookie(cookie.Cookie.Name!, cookie.TicketDataFormat.Protect(ticket)));
#pragma warning disable CA2000 // the client owns the handler and disposes it
        var handler = new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false };
#pragma warning restore CA2000
        return new BrowserSession(new HttpClient(handler, disposeHandler: true) { BaseAddress = server.BaseAddress });
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public HttpClient Client => _client;

    /// <summary>Loads <paramref name="path"/>, then posts the named form on it with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, params (string Name, string Value)[] fields)
    {
        var page = await _client.GetStringAsync(path);
        const string marker = "name=\"__RequestVerificationToken\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var antiforgery = page[start..page.IndexOf('"', start)];
        var form = new List<KeyValuePair<string, string>> { new("_handler", formName), new("__RequestVerificationToken", antiforgery) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var content = new FormUrlEncodedContent(form);
        return await _client.PostAsync(path, content);
    }

    public void Dispose() => _client.Dispose();
}
