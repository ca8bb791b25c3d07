using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Bulwark.Server.Identity;

/// <summary>
/// Checks second-factor codes. A TOTP code is accepted once: the step it matched is stored on the user and any
/// code of that step or an earlier one is refused, for sign-in, step-up and enrolment alike. Two requests racing
/// with the same code both write the user; Identity's concurrency stamp lets only one of them succeed.
/// </summary>
internal sealed class MfaVerifier(UserManager<BulwarkUser> users, TimeProvider time)
{
    /// <summary>Steps either side of now that are accepted, for clock drift between phone and server.</summary>
    private const int Drift = 1;

    /// <summary>Recovery codes Identity makes are 11 characters; anything much longer is not worth a lookup.</summary>
    private const int MaxRecoveryCodeLength = 32;

    public const int RecoveryCodeCount = 10;

    public static string? NormaliseTotp(string? code)
    {
        var digits = code?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits is { Length: Totp.Digits } && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>Verifies against the user's stored key (or <paramref name="key"/> while enrolling) and records the step.</summary>
    public async Task<bool> VerifyTotpAsync(BulwarkUser user, string? code, string? key = null)
    {
        var digits = NormaliseTotp(code);
        key ??= await users.GetAuthenticatorKeyAsync(user);
        if (digits is null || key is null || Totp.DecodeBase32(key) is not { } secret)
        {
            return false;
        }
        var now = Totp.TimeStep(time.GetUtcNow());
        var expected = Encoding.ASCII.GetBytes(digits);
        long? matched = null;
        for (var step = now - Drift; step <= now + Drift; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(secret, step)), expected))
            {
                matched = step;
            }
        }
        if (matched is null || matched <= user.LastTotpTimeStep)
        {
            return false;
        }
        user.LastTotpTimeStep = matched;
        return (await users.UpdateAsync(user)).Succeeded;
    }

    /// <summary>True once per recovery code: Identity removes a redeemed code.</summary>
    public async Task<bool> RedeemRecoveryCodeAsync(BulwarkUser user, string? code)
    {
        var trimmed = code?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxRecoveryCodeLength)
        {
            return false;
        }
        return (await users.RedeemTwoFactorRecoveryCodeAsync(user, trimmed)).Succeeded;
    }
}
