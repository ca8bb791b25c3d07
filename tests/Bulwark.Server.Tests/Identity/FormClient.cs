using System.Net;
using System.Text.RegularExpressions;

namespace Bulwark.Server.Tests.Identity;

/// <summary>A cookie-keeping HTTP client that fills in the server's forms the way a browser does (anti-forgery token included).</summary>
internal sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _http;

    public FormClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>GETs <paramref name="page"/> for its anti-forgery token, then posts the named form to <paramref name="action"/> (default: the page).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string? formName, IReadOnlyDictionary<string, string> fields, string? action = null, bool withToken = true)
    {
        var html = await (await _http.GetAsync(page)).Content.ReadAsStringAsync();
        var body = new Dictionary<string, string>(fields);
        if (formName is not null)
        {
            body["_handler"] = formName;
        }
        if (withToken)
        {
            body["__RequestVerificationToken"] = TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no anti-forgery token on {page}");
        }
        return await _http.PostAsync(action ?? page, new FormUrlEncodedContent(body));
    }

    public Task<HttpResponseMessage> SignInAsync(string username, string password) =>
        SubmitAsync("/signin", "signin", new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });

    public Task<HttpResponseMessage> SecondFactorAsync(string code) =>
        SubmitAsync("/signin/mfa", "mfa", new Dictionary<string, string> { ["Code"] = code });

    public string? SessionCookie(Uri baseAddress) => Cookies.GetCookies(baseAddress)["bulwark.session"]?.Value;

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
