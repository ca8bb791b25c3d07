using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Settings;

/// <summary>Organisation settings as JSON.</summary>
internal sealed record SettingsResponse(bool RequireMfa);

/// <summary>Body of <c>PUT /api/v1/settings</c>.</summary>
internal sealed record UpdateSettingsRequest(bool RequireMfa);

/// <summary><c>/api/v1/settings</c>: the organisation policy, for administrators; changes need step-up and are audited.</summary>
internal static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/", GetAsync).RequirePermission(Permission.OrganizationAdmin).Produces<SettingsResponse>();
        settings.MapPut("/", UpdateAsync).RequirePermission(Permission.OrganizationAdmin, stepUp: true).Produces<SettingsResponse>();
        return api;
    }

    private static async Task<IResult> GetAsync(BulwarkDbContext db, OrganizationSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SettingsResponse(await settings.RequireMfaAsync(db, cancellationToken)));

    private static async Task<IResult> UpdateAsync(UpdateSettingsRequest request, HttpContext http, BulwarkDbContext db, OrganizationSettings settings, AuditLog audit, CancellationToken cancellationToken)
    {
        var previous = await settings.SetRequireMfaAsync(db, request.RequireMfa, http.User.Identity?.Name, cancellationToken);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.SettingChanged, "setting:" + OrganizationSettings.RequireMfaKey, details: new Dictionary<string, string?>
        {
            ["old"] = previous ? "true" : "false",
            ["new"] = request.RequireMfa ? "true" : "false",
        }), cancellationToken);
        return TypedResults.Ok(new SettingsResponse(request.RequireMfa));
    }
}
