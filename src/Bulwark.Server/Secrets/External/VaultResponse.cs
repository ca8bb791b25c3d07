using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Bulwark.Server.Secrets.External;

/// <summary>
/// Reads Vault's answers as untrusted input: status codes mapped to failures, bodies at most 1 MiB, JSON at
/// most 32 levels deep, and the body buffer (which holds the secret value) zeroed after parsing.
/// </summary>
internal static class VaultResponse
{
    public const int MaxBytes = 1 << 20;
    public const int MaxDepth = 32;

    /// <summary>The failure a non-success status stands for; <paramref name="what"/> says which call it was.</summary>
    public static SecretProviderException Failure(SecretReference reference, HttpStatusCode status, string what)
    {
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        return (int)status switch
        {
            400 => new(reference, SecretProviderFailure.PermissionDenied, $"{what}: Vault refused the request (HTTP 400; for AppRole: role_id or secret_id invalid or expired)"),
            403 => new(reference, SecretProviderFailure.PermissionDenied, $"{what}: permission denied (HTTP 403)"),
            404 => new(reference, SecretProviderFailure.NotFound, $"{what}: not found (HTTP 404; Vault also answers 404 for a path the token may not read)"),
            503 => new(reference, SecretProviderFailure.Sealed, $"{what}: Vault is sealed or down for maintenance (HTTP 503)"),
            >= 300 and < 400 => new(reference, SecretProviderFailure.BadResponse, $"{what}: Vault answered with a redirect (HTTP {code}), which is not followed; point vault.address at the active node"),
            _ => new(reference, SecretProviderFailure.BadResponse, $"{what}: unexpected HTTP {code} from Vault"),
        };
    }

    /// <summary>Parses a bounded JSON body and hands its root to <paramref name="read"/>.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, SecretReference reference, string what, Func<JsonElement, T> read, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw TooLarge(reference, what);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            int read1;
            while ((read1 = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read1;
                if (length > MaxBytes)
                {
                    throw TooLarge(reference, what);
                }
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }
            }
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = MaxDepth });
            return read(document.RootElement);
        }
        catch (JsonException)
        {
            throw Bad(reference, what, "the answer is not valid JSON");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            throw Bad(reference, what, "the answer does not have the documented shape");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The object at <paramref name="name"/>, or a bad-response failure naming the field.</summary>
    public static JsonElement Object(JsonElement parent, string name, SecretReference reference, string what, string field) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw Bad(reference, what, $"'{field}' is missing or not an object");

    public static SecretProviderException Bad(SecretReference reference, string what, string detail) =>
        new(reference, SecretProviderFailure.BadResponse, $"{what}: bad response from Vault: {detail}");

    private static SecretProviderException TooLarge(SecretReference reference, string what) =>
        Bad(reference, what, $"the answer is larger than {MaxBytes >> 20} MiB");

    private static byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
