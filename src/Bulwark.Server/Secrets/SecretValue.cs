using System.Text;
using Bulwark.Server.Access;

namespace Bulwark.Server.Secrets;

/// <summary>Secret values: 1 byte to 64 KiB of valid UTF-8 (a lone surrogate in the JSON is refused, not replaced).</summary>
internal static class SecretValue
{
    public const int MaxBytes = 64 * 1024;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 bytes (the caller zeroes them), or a failure that never quotes the value.</summary>
    public static byte[]? Encode(string? value, out Failure? failure)
    {
        failure = null;
        if (string.IsNullOrEmpty(value))
        {
            failure = Failure.BadRequest("value is required and must not be empty", "value");
            return null;
        }
        if (value.Length > MaxBytes)
        {
            failure = TooLarge();
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = Strict.GetBytes(value);
        }
        catch (EncoderFallbackException)
        {
            failure = Failure.BadRequest("value must be valid Unicode text (it holds an unpaired surrogate)", "value");
            return null;
        }
        if (bytes.Length > MaxBytes)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
            failure = TooLarge();
            return null;
        }
        return bytes;
    }

    private static Failure TooLarge() => Failure.BadRequest($"value must be at most {MaxBytes} bytes of UTF-8", "value");
}
