using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Bulwark.Cli.Commands;

/// <summary>
/// The CLI's HTTP client for a Bulwark server: base URL, bearer token, and TLS that trusts a self-signed
/// certificate only when its SHA-256 fingerprint is pinned (compared in constant time); without a pin the
/// usual certificate validation applies. Plain HTTP is accepted only to a loopback address, so a token never
/// crosses a network in clear.
/// </summary>
internal sealed class ServerClient : IDisposable
{
    public const string ServerVariable = "BULWARK_SERVER";
    public const string TokenVariable = "BULWARK_TOKEN";
    public const string FingerprintVariable = "BULWARK_TLS_FINGERPRINT";
    private const int MaxResponseBytes = 4 * 1024 * 1024;
    private readonly HttpClient _http;

    private ServerClient(HttpClient http) => _http = http;

    /// <summary>A client, or null with <paramref name="problem"/> saying which setting is missing or wrong.</summary>
    public static ServerClient? Create(string? server, string? token, string? fingerprint, out string? problem)
    {
        if (ParseServer(server, out problem) is not { } baseUri)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(token) || token.Any(char.IsWhiteSpace))
        {
            problem = $"no token: pipe one in with --token-stdin or set {TokenVariable}";
            return null;
        }
        if (!TryParsePin(fingerprint, out var pin, out problem))
        {
            return null;
        }
        var http = new HttpClient(CreateHandler(pin)) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        return new ServerClient(http);
    }

    /// <summary>The server's root URL, or null with <paramref name="problem"/>: https, or plain http to a loopback address only.</summary>
    public static Uri? ParseServer(string? server, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(server))
        {
            problem = $"no server: give --server https://host:port or set {ServerVariable}";
            return null;
        }
        if (!Uri.TryCreate(server.TrimEnd('/'), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("https" or "http") || baseUri.PathAndQuery != "/")
        {
            problem = $"--server: '{server}' is not an http(s) URL of a server root (https://host:port)";
            return null;
        }
        if (baseUri.Scheme == "http" && !IsLoopback(baseUri))
        {
            problem = "--server: plain http is only allowed to a loopback address; use https";
            return null;
        }
        return baseUri;
    }

    /// <summary>Parses a pinned SHA-256 certificate fingerprint (64 hex digits, colons allowed); none given is no pin.</summary>
    public static bool TryParsePin(string? fingerprint, out byte[]? pin, out string? problem)
    {
        (pin, problem) = (null, null);
        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            return true;
        }
        var hex = fingerprint.Replace(":", "", StringComparison.Ordinal).Trim();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            problem = "--tls-fingerprint: expected the server's SHA-256 certificate fingerprint (64 hex digits, colons allowed)";
            return false;
        }
        pin = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>A handler that never follows redirects and trusts the pinned certificate only, or the system's trust without a pin.</summary>
    public static SocketsHttpHandler CreateHandler(byte[]? pin)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trust(certificate, errors, pin);
        return handler;
    }

    /// <summary>Sends a request; transport and TLS failures become a <see cref="ServerClientException"/>.</summary>
    public async Task<ServerResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, ServerJson.Options), Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var text = await ReadBoundedAsync(response.Content, cancellationToken);
            return new ServerResponse(response.StatusCode, text);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is System.Security.Authentication.AuthenticationException
                ? "the server's TLS certificate is not trusted (for a self-signed one, pass its fingerprint with --tls-fingerprint)"
                : ex.Message;
            throw new ServerClientException($"cannot reach {_http.BaseAddress}: {reason}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerClientException($"{_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} seconds");
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool Trust(X509Certificate? certificate, SslPolicyErrors errors, byte[]? pin)
    {
        if (pin is null)
        {
            return errors == SslPolicyErrors.None;
        }
        return certificate is not null && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), pin);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address) && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }
        if (total > MaxResponseBytes)
        {
            throw new ServerClientException($"the server's answer is larger than {MaxResponseBytes} bytes");
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
