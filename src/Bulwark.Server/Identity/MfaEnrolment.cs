using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Bulwark.Server.Identity;

/// <summary>
/// TOTP enrolment and its upkeep: the shared key and its QR code, confirmation with a first code, recovery codes,
/// and disabling (refused while the organisation policy requires MFA of this user). Each change is audited.
/// </summary>
internal sealed class MfaEnrolment(UserManager<BulwarkUser> users, SignInManager<BulwarkUser> signIn, IUserStore<BulwarkUser> store, MfaVerifier verifier, MfaPolicy policy, BulwarkDbContext db, AuditLog audit)
{
    public const string Issuer = "Bulwark";

    /// <summary>The user's shared key, made on first request. Stored directly rather than through
    /// ResetAuthenticatorKeyAsync, which would also change the security stamp and end this very session.</summary>
    public async Task<string> KeyAsync(BulwarkUser user)
    {
        if (await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key)
        {
            return key;
        }
        key = users.GenerateNewAuthenticatorKey();
        await ((IUserAuthenticatorKeyStore<BulwarkUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
        await users.UpdateAsync(user);
        return key;
    }

    public static string OtpAuthUri(string username, string key) =>
        $"otpauth://totp/{Issuer}:{Uri.EscapeDataString(username)}?secret={key}&issuer={Issuer}&digits={Totp.Digits}&period={(int)Totp.StepLength.TotalSeconds}";

    /// <summary>A PNG QR code as a data: URI: the CSP allows data: images and no script is needed to show it.</summary>
    public static string QrCodeDataUri(string otpAuthUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpAuthUri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>Confirms enrolment with a first code; returns the recovery codes (shown once) or null when the code is wrong.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(HttpContext http, BulwarkUser user, string? code, CancellationToken cancellationToken)
    {
        if (user.TwoFactorEnabled || !await verifier.VerifyTotpAsync(user, code))
        {
            return null;
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.MfaEnrolled, Target(user)), cancellationToken);
        var codes = await RegenerateAsync(http, user, cancellationToken);
        // Enabling MFA changes the security stamp; re-issue this session so it is not signed out a minute later.
        await signIn.RefreshSignInAsync(user);
        return codes;
    }

    public async Task<IReadOnlyList<string>> RegenerateAsync(HttpContext http, BulwarkUser user, CancellationToken cancellationToken)
    {
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, MfaVerifier.RecoveryCodeCount))?.ToArray() ?? [];
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.RecoveryCodesGenerated, Target(user),
            details: new Dictionary<string, string?> { ["count"] = codes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) }), cancellationToken);
        return codes;
    }

    /// <summary>Turns MFA off and forgets the key; false (and audited as refused) while the MFA policy applies to the user.</summary>
    public async Task<bool> DisableAsync(HttpContext http, BulwarkUser user, CancellationToken cancellationToken)
    {
        if (await policy.RequiresMfaAsync(user, cancellationToken))
        {
            await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.MfaDisabled, Target(user), succeeded: false,
                new Dictionary<string, string?> { ["reason"] = "required-by-policy" }), cancellationToken);
            return false;
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.MfaDisabled, Target(user)), cancellationToken);
        await signIn.RefreshSignInAsync(user);
        return true;
    }

    private static string Target(BulwarkUser user) => "user:" + user.UserName;
}
