using System.Globalization;
using System.Security.Claims;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Bulwark.Server.Identity;

/// <summary>
/// Browser sign-in: password, then the second factor for enrolled users, then the session cookie; and step-up.
/// Every attempt is rate limited and audited with the source IP; the person signing in only ever learns
/// "failed", never whether the name exists, the account is locked or disabled.
/// </summary>
internal sealed class InteractiveSignIn(
    UserManager<BulwarkUser> users,
    SignInManager<BulwarkUser> signIn,
    MfaVerifier mfa,
    MfaPolicy policy,
    SignInThrottle throttle,
    SignInAudit audit,
    TimeProvider time)
{
    public const int MaxUsernameLength = 256;
    public const int MaxPasswordLength = 1024;

    public async Task<SignInOutcome> PasswordAsync(HttpContext http, string? username, string? password, CancellationToken cancellationToken)
    {
        username = username?.Trim() ?? "";
        if (!throttle.TryAcquire(SourceIp(http), username))
        {
            return SignInOutcome.Throttled;
        }
        if (username.Length is 0 or > MaxUsernameLength || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            await audit.FailedAsync(http, null, username, "malformed", cancellationToken);
            return SignInOutcome.Failed;
        }
        var user = await users.FindByNameAsync(username);
        if (user is null || user.Disabled)
        {
            // Hash anyway, so an unknown name takes as long as a wrong password.
            users.PasswordHasher.VerifyHashedPassword(new BulwarkUser(), DummyHash.Value, password);
            await audit.FailedAsync(http, user, username, user is null ? "unknown-user" : "disabled", cancellationToken);
            return SignInOutcome.Failed;
        }
        var wasLockedOut = await users.IsLockedOutAsync(user);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await audit.FailedAsync(http, user, username, result.IsLockedOut ? "locked-out" : "bad-password", cancellationToken);
            if (result.IsLockedOut && !wasLockedOut)
            {
                await audit.LockedOutAsync(http, user, cancellationToken);
            }
            return SignInOutcome.Failed;
        }
        if (user.TwoFactorEnabled)
        {
            var pending = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
            pending.AddClaim(new Claim(ClaimTypes.Name, user.Id));
            await http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(pending));
            return SignInOutcome.MfaRequired;
        }
        return await CompleteAsync(http, user, "password", cancellationToken);
    }

    /// <summary>The second step: a TOTP code, or one of the user's recovery codes.</summary>
    public async Task<SignInOutcome> SecondFactorAsync(HttpContext http, string? code, CancellationToken cancellationToken)
    {
        var pending = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var user = pending.Principal?.FindFirstValue(ClaimTypes.Name) is { } id ? await users.FindByIdAsync(id) : null;
        if (user is null)
        {
            return SignInOutcome.Failed;
        }
        if (!throttle.TryAcquire(SourceIp(http), user.UserName))
        {
            return SignInOutcome.Throttled;
        }
        if (user.Disabled || await users.IsLockedOutAsync(user))
        {
            await audit.FailedAsync(http, user, user.UserName, user.Disabled ? "disabled" : "locked-out", cancellationToken, "mfa");
            return SignInOutcome.Failed;
        }
        var isTotp = MfaVerifier.NormaliseTotp(code) is not null;
        var accepted = isTotp ? await mfa.VerifyTotpAsync(user, code) : await mfa.RedeemRecoveryCodeAsync(user, code);
        if (!accepted)
        {
            await users.AccessFailedAsync(user);
            var lockedOut = await users.IsLockedOutAsync(user);
            await audit.FailedAsync(http, user, user.UserName, isTotp ? "bad-totp-code" : "bad-recovery-code", cancellationToken, "mfa");
            if (lockedOut)
            {
                await audit.LockedOutAsync(http, user, cancellationToken);
            }
            return SignInOutcome.Failed;
        }
        await users.ResetAccessFailedCountAsync(user);
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (!isTotp)
        {
            await audit.RecoveryCodeUsedAsync(http, user, await users.CountRecoveryCodesAsync(user), cancellationToken);
        }
        return await CompleteAsync(http, user, isTotp ? "totp" : "recovery-code", cancellationToken);
    }

    /// <summary>Re-authentication for sensitive actions: a fresh TOTP code re-issues the session with <see cref="BulwarkClaims.StepUpAt"/>.</summary>
    public async Task<SignInOutcome> StepUpAsync(HttpContext http, string? code, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(http.User);
        if (user is null || !user.TwoFactorEnabled)
        {
            return SignInOutcome.Failed;
        }
        if (!throttle.TryAcquire(SourceIp(http), user.UserName))
        {
            return SignInOutcome.Throttled;
        }
        if (await users.IsLockedOutAsync(user) || !await mfa.VerifyTotpAsync(user, code))
        {
            await users.AccessFailedAsync(user);
            await audit.StepUpAsync(http, false, cancellationToken);
            return SignInOutcome.Failed;
        }
        await users.ResetAccessFailedCountAsync(user);
        var at = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(BulwarkClaims.StepUpAt, at)]);
        await audit.StepUpAsync(http, true, cancellationToken);
        return SignInOutcome.SignedIn;
    }

    /// <summary>Issues the session for a user who has passed every factor (also used right after first set-up).</summary>
    public async Task<SignInOutcome> CompleteAsync(HttpContext http, BulwarkUser user, string method, CancellationToken cancellationToken)
    {
        user.LastSignInAt = time.GetUtcNow().UtcDateTime;
        await audit.SucceededAsync(http, user, method, cancellationToken);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: method);
        return await policy.MustEnrolAsync(user, cancellationToken) ? SignInOutcome.MustEnrol : SignInOutcome.SignedIn;
    }

    public static string? SourceIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<BulwarkUser>().HashPassword(new BulwarkUser(), "not-a-real-password-at-all"));
}
