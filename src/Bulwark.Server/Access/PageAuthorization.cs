using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Access;

/// <summary>
/// The same permission policies as the API, for the forms on a page: the page's <c>[Authorize]</c> guards
/// viewing it, and each form checks its own permission here before acting, so a hidden form cannot be posted anyway.
/// </summary>
internal sealed class PageAuthorization(IAuthorizationService authorization)
{
    public const string StepUpPath = "/account/step-up";

    public async Task<PageAccess> CheckAsync(HttpContext http, Permission permission, bool stepUp = false)
    {
        if (!(await authorization.AuthorizeAsync(http.User, http, PermissionPolicies.Name(permission))).Succeeded)
        {
            return PageAccess.Denied;
        }
        if (stepUp && !(await authorization.AuthorizeAsync(http.User, http, PermissionPolicies.Name(permission, stepUp: true))).Succeeded)
        {
            return PageAccess.NeedsStepUp;
        }
        return PageAccess.Allowed;
    }

    /// <summary>Where to send a session that must step up: the step-up page, which returns to this page afterwards.</summary>
    public static string StepUpUrl(HttpContext http) => StepUpPath + "?returnUrl=" + Uri.EscapeDataString(http.Request.Path.Value ?? "/");
}
