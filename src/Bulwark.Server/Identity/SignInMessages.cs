using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Identity;

/// <summary>What the sign-in pages say on failure: one generic message (no hint whether the account exists), or a 429.</summary>
internal static class SignInMessages
{
    public const string Failed = "Sign-in failed: the username, password or code is wrong, or the account is locked for a while.";

    /// <summary>Sets the status code (429 with Retry-After when throttled, otherwise 400) and returns the message to show.</summary>
    public static string For(HttpContext http, SignInOutcome outcome)
    {
        if (outcome == SignInOutcome.Throttled)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = ((int)SignInThrottle.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return "Too many attempts. Wait a minute before trying again.";
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Failed;
    }
}
