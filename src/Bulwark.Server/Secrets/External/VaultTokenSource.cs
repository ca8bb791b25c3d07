using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Secrets.External;

/// <summary>
/// Supplies the Vault client token: the configured token, the token file (re-read after a 403), or an AppRole
/// login whose token is cached until shortly before its lease ends (a tenth of the lease, at most a minute).
/// One login at a time; concurrent callers wait for it.
/// </summary>
internal sealed class VaultTokenSource(VaultOptions options, VaultHttp http, TimeProvider time, ILogger logger) : IDisposable
{
    private const int MaxFileBytes = 16 * 1024;
    private const long MaxLeaseSeconds = 10L * 365 * 24 * 3600;
    private static readonly TimeSpan MaxRenewMargin = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _current;

    private string Login => $"AppRole login at auth/{options.AppRoleMount}";

    public async Task<VaultCredential> GetAsync(SecretReference reference, CancellationToken ct)
    {
        if (Fresh(Volatile.Read(ref _current)) is { } token)
        {
            return token;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(_current) is { } again)
            {
                return again;
            }
            var acquired = await AcquireAsync(reference, ct);
            Volatile.Write(ref _current, acquired);
            return acquired.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets a token Vault refused. True when a new one can be had (AppRole or token file), so one retry
    /// makes sense; false for a fixed token from the environment.
    /// </summary>
    public bool Invalidate(VaultCredential refused)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Token, refused))
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
        return options.Auth == VaultAuthMethod.AppRole || options.TokenFile is not null;
    }

    public void Dispose() => _gate.Dispose();

    private VaultCredential? Fresh(CachedToken? cached) =>
        cached is not null && (cached.RenewAt is null || time.GetUtcNow() < cached.RenewAt) ? cached.Token : null;

    private async Task<CachedToken> AcquireAsync(SecretReference reference, CancellationToken ct)
    {
        if (options.Auth == VaultAuthMethod.Token)
        {
            return new CachedToken(options.Token ?? await ReadFileAsync(options.TokenFile!, "vault.token-file", reference, ct), null);
        }
        var secretId = options.SecretId ?? await ReadFileAsync(options.SecretIdFile!, "vault.secret-id-file", reference, ct);
        using var request = http.Request(HttpMethod.Post, $"auth/{options.AppRoleMount}/login", token: null);
        var body = LoginBody(options.RoleId!, secretId);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new("application/json");
        using var response = await http.SendAsync(request, reference, ct);
        CryptographicOperations.ZeroMemory(body);
        if (!response.IsSuccessStatusCode)
        {
            throw VaultResponse.Failure(reference, response.StatusCode, Login);
        }
        var (token, lease) = await VaultResponse.ReadJsonAsync(response, reference, Login, root => ParseLogin(root, reference), ct);
        VaultLog.LoggedIn(logger, options.AppRoleMount, lease);
        var now = time.GetUtcNow();
        var leaseTime = TimeSpan.FromSeconds(lease);
        var margin = leaseTime / 10 < MaxRenewMargin ? leaseTime / 10 : MaxRenewMargin;
        return new CachedToken(token, lease == 0 ? null : now + leaseTime - margin);
    }

    private (VaultCredential Token, long Lease) ParseLogin(JsonElement root, SecretReference reference)
    {
        var auth = VaultResponse.Object(root, "auth", reference, Login, "auth");
        var token = auth.TryGetProperty("client_token", out var t) && t.ValueKind == JsonValueKind.String ? VaultCredential.From(t.GetString()) : null;
        if (token is null)
        {
            throw VaultResponse.Bad(reference, Login, "'auth.client_token' is missing or not a usable token");
        }
        if (!auth.TryGetProperty("lease_duration", out var l) || !l.TryGetInt64(out var lease) || lease is < 0 or > MaxLeaseSeconds)
        {
            throw VaultResponse.Bad(reference, Login, "'auth.lease_duration' is missing or not a whole number of seconds");
        }
        return (token, lease);
    }

    private static byte[] LoginBody(string roleId, VaultCredential secretId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("role_id", roleId);
            writer.WriteString("secret_id", secretId.Reveal());
            writer.WriteEndObject();
        }
        var body = buffer.ToArray();
        CryptographicOperations.ZeroMemory(buffer.GetBuffer());
        return body;
    }

    private static async Task<VaultCredential> ReadFileAsync(string path, string setting, SecretReference reference, CancellationToken ct)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length <= MaxFileBytes
                && VaultCredential.From(await File.ReadAllTextAsync(path, Encoding.UTF8, ct)) is { } credential)
            {
                return credential;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Reported below without the system's message, which is not needed to fix a missing or unreadable file.
        }
        throw new SecretProviderException(reference, SecretProviderFailure.NotConfigured,
            $"{setting} '{path}' is missing, unreadable, larger than {MaxFileBytes / 1024} KiB or not a single token");
    }

    private sealed record CachedToken(VaultCredential Token, DateTimeOffset? RenewAt);
}
