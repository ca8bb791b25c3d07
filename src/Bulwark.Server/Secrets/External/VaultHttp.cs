using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Bulwark.Server.Secrets.External;

/// <summary>
/// The HTTP side of the Vault client: one pooled connection handler, no redirects (a standby node's 307 is
/// an error, not a hop to another host), no cookies, no decompression, an optional private CA that replaces
/// the system roots, and transport errors turned into <see cref="SecretProviderFailure.Unreachable"/>.
/// </summary>
internal sealed class VaultHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly VaultOptions _options;
    private readonly string _base;

    public VaultHttp(VaultOptions options)
    {
        _options = options;
        _base = options.Address.AbsoluteUri.TrimEnd('/') + "/v1/";
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = 64,
        };
        if (options.CaCertificateFile is not null)
        {
            var roots = VaultOptionsValidator.LoadCaCertificates(options.CaCertificateFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trusts(roots, certificate, chain, errors);
        }
        // The caller's deadline (VaultOptions.Timeout on the injected TimeProvider) bounds each resolution.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A request to <c>{address}/v1/{relative}</c>; <paramref name="relative"/> holds only checked names.</summary>
    public HttpRequestMessage Request(HttpMethod method, string relative, VaultCredential? token)
    {
        var request = new HttpRequestMessage(method, new Uri(_base + relative, UriKind.Absolute));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        if (_options.Namespace is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Namespace", _options.Namespace);
        }
        if (token is not null)
        {
            // Without validation: a validation error would quote the header value. VaultCredential allows only visible ASCII.
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token.Reveal());
        }
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, SecretReference reference, CancellationToken ct)
    {
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new SecretProviderException(reference, SecretProviderFailure.Unreachable,
                $"cannot reach Vault at {_options.Address.GetLeftPart(UriPartial.Authority)} ({ex.HttpRequestError})");
        }
    }

    public void Dispose() => _client.Dispose();

    private static bool Trusts(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 leaf || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(leaf);
    }
}
