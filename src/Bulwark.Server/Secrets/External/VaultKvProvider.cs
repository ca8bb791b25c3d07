using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Secrets.External;

/// <summary>
/// Resolves <c>vault://mount/path#key</c> from a HashiCorp Vault KV version 2 mount:
/// <c>GET {address}/v1/{mount}/data/{path}[?version=N]</c>, value <c>data.data[key]</c>, which must be a
/// string. A 403 makes it fetch a new token once (AppRole login or token file) and retry. The whole
/// resolution, login included, must finish within <see cref="VaultOptions.Timeout"/>.
/// </summary>
internal sealed class VaultKvProvider : ISecretProvider, IDisposable
{
    private readonly VaultOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly VaultHttp _http;
    private readonly VaultTokenSource _tokens;

    public VaultKvProvider(VaultOptions options, TimeProvider time, ILogger<VaultKvProvider> logger)
    {
        _options = VaultOptionsValidator.Validate(options);
        _time = time;
        _logger = logger;
        _http = new VaultHttp(options);
        _tokens = new VaultTokenSource(options, _http, time, logger);
    }

    public string Scheme => SecretReference.VaultScheme;

    public async Task<string> ResolveAsync(SecretReference reference, CancellationToken ct)
    {
        if (reference.Scheme != Scheme)
        {
            throw new SecretProviderException(reference, SecretProviderFailure.NotConfigured, $"the Vault provider does not serve '{reference.Scheme}' references");
        }
        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            var token = await _tokens.GetAsync(reference, linked.Token);
            var value = await ReadAsync(reference, token, linked.Token);
            if (value is null && _tokens.Invalidate(token))
            {
                VaultLog.TokenRefused(_logger, reference.ToString());
                value = await ReadAsync(reference, await _tokens.GetAsync(reference, linked.Token), linked.Token);
            }
            return value ?? throw VaultResponse.Failure(reference, HttpStatusCode.Forbidden, "read");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SecretProviderException(reference, SecretProviderFailure.Timeout,
                $"no answer from Vault within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
    }

    public void Dispose()
    {
        _tokens.Dispose();
        _http.Dispose();
    }

    /// <summary>The value, or null when Vault refused the token (403).</summary>
    private async Task<string?> ReadAsync(SecretReference reference, VaultCredential token, CancellationToken ct)
    {
        var path = $"{reference.Mount}/data/{reference.Path}";
        if (reference.Version is { } version)
        {
            path += "?version=" + version.ToString(CultureInfo.InvariantCulture);
        }
        using var request = _http.Request(HttpMethod.Get, path, token);
        using var response = await _http.SendAsync(request, reference, ct);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return null;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw VaultResponse.Failure(reference, response.StatusCode, "read");
        }
        return await VaultResponse.ReadJsonAsync(response, reference, "read", root => Value(root, reference), ct);
    }

    private static string Value(JsonElement root, SecretReference reference)
    {
        var envelope = VaultResponse.Object(root, "data", reference, "read", "data");
        if (envelope.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Null)
        {
            throw new SecretProviderException(reference, SecretProviderFailure.NotFound, "read: this version was deleted or destroyed");
        }
        data = VaultResponse.Object(envelope, "data", reference, "read", "data.data");
        if (!data.TryGetProperty(reference.Key, out var value))
        {
            throw new SecretProviderException(reference, SecretProviderFailure.NotFound, $"read: the secret has no key '{reference.Key}'");
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw VaultResponse.Bad(reference, "read", $"the value of '{reference.Key}' is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not a string");
    }
}
