using Bulwark.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Secrets;

/// <summary>
/// The secrets store's API, the same four endpoints in three scopes: <c>/projects/{name}/secrets</c>,
/// <c>/projects/{name}/environments/{environment}/secrets</c> and <c>/secrets</c> (organisation). Values are
/// write-only: no answer carries one.
/// </summary>
internal static class SecretsApi
{
    public static RouteGroupBuilder MapSecretsApi(this RouteGroupBuilder api)
    {
        Map(api.MapGroup("/projects/{name}/secrets").WithTags("Secrets"), Permission.SecretsRead, Permission.SecretsWrite);
        Map(api.MapGroup("/projects/{name}/environments/{environment}/secrets").WithTags("Secrets"), Permission.SecretsRead, Permission.SecretsWrite);
        Map(api.MapGroup("/secrets").WithTags("Secrets"), Permission.OrganizationSecrets, Permission.OrganizationSecrets);
        return api;
    }

    private static void Map(RouteGroupBuilder group, Permission read, Permission write)
    {
        group.MapGet("/", ListAsync).RequirePermission(read).Produces<SecretMetadata[]>();
        group.MapPut("/{secret}", PutAsync).RequirePermission(write, stepUp: true)
            .Produces<SecretMetadata>().Produces<SecretMetadata>(StatusCodes.Status201Created);
        group.MapDelete("/{secret}", DeleteAsync).RequirePermission(write, stepUp: true).Produces(StatusCodes.Status204NoContent);
        group.MapPost("/{secret}/rollback", RollbackAsync).RequirePermission(write, stepUp: true).Produces<SecretMetadata>();
    }

    private static async Task<IResult> ListAsync(HttpContext http, SecretStore store, CancellationToken cancellationToken) =>
        (await store.ListAsync(Project(http), Environment(http), cancellationToken)).ToResult(TypedResults.Ok);

    private static async Task<IResult> PutAsync(string secret, PutSecretRequest request, HttpContext http, SecretStore store, CancellationToken cancellationToken) =>
        (await store.PutAsync(http, Project(http), Environment(http), secret, request, cancellationToken)).ToResult(w => w.Created
            ? TypedResults.Created(http.Request.Path.Value, w.Metadata)
            : TypedResults.Ok(w.Metadata));

    private static async Task<IResult> DeleteAsync(string secret, HttpContext http, SecretStore store, CancellationToken cancellationToken) =>
        (await store.DeleteAsync(http, Project(http), Environment(http), secret, cancellationToken)).ToResult(_ => TypedResults.NoContent());

    private static async Task<IResult> RollbackAsync(string secret, RollbackSecretRequest request, HttpContext http, SecretStore store, CancellationToken cancellationToken) =>
        (await store.RollbackAsync(http, Project(http), Environment(http), secret, request, cancellationToken)).ToResult(TypedResults.Ok);

    // Read from the route only: a query-string "name" must never pick the scope of an organisation route.
    private static string? Project(HttpContext http) => http.GetRouteValue(PermissionHandler.ProjectRouteValue) as string;

    private static string? Environment(HttpContext http) => http.GetRouteValue("environment") as string;
}
