using System.Text.Json;
using System.Text.Json.Serialization;
using Bulwark.Server.Access;
using Bulwark.Server.Artifacts;
using Bulwark.Server.Audit;
using Bulwark.Server.Blobs;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Operations;
using Bulwark.Server.Pipelines;
using Bulwark.Server.Projects;
using Bulwark.Server.Runners;
using Bulwark.Server.Runs;
using Bulwark.Server.Secrets;
using Bulwark.Server.Secrets.External;
using Bulwark.Server.Settings;
using Bulwark.Server.Storage;
using Bulwark.Server.Users;
using Bulwark.Server.Web;
using Bulwark.Server.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server;

/// <summary>
/// Builds the server from validated options: storage, identity, access control, the API and the web UI.
/// Only wiring lives here; each feature maps its own endpoints (<c>Map…Api</c>) in its folder.
/// </summary>
internal static class ServerApp
{
    /// <summary>How long a stopping server lets in-flight requests finish before it closes their connections.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    public static WebApplication Build(ServerOptions options, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        var endpoint = ServerOptionsValidator.Validate(options);
        Core.Configuration.DataDirectory.Ensure(options.DataDirectory);
        time ??= TimeProvider.System;
        var masterKey = MasterKey.LoadOrCreate(options.DataDirectory, Environment.GetEnvironmentVariable);
        // A rotation that stopped part way leaves rows, webhook secrets and audit seals split between two keys.
        if (SecretKeyRing.NextKey(options.DataDirectory, Environment.GetEnvironmentVariable) is not null)
        {
            throw new ServerOptionsException(
                $"a master-key rotation is unfinished ({SecretKeyRing.NextKeyFileName} or {SecretKeyRing.NextKeyVariable} present): run `bulwark secrets rotate-master-key` again to finish it before starting the server");
        }
        var certificate = options.InsecureHttp ? null : TlsCertificate.Load(options, time);

        // Settings come from ServerOptions, not appsettings.json: no file provider may watch the directory the
        // server was started in (a repository checkout can hold tens of thousands of folders).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        (logging ?? (l => ServerLogging.Configure(l, LogFormat.Text)))(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Listen(endpoint, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(masterKey);
        services.AddSingleton(new ServerIdentity(certificate is null ? null : TlsCertificate.Fingerprint(certificate)));
        services.AddBulwarkDataProtection(options);
        services.AddBulwarkDatabase(options);
        services.AddBulwarkIdentity();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, RunnerAuthenticationHandler>(RunnerSchemes.Registration, null)
            .AddScheme<AuthenticationSchemeOptions, RunnerAuthenticationHandler>(RunnerSchemes.Runner, null)
            .AddScheme<AuthenticationSchemeOptions, RunnerAuthenticationHandler>(RunnerSchemes.Job, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(IdentityServices.ConfigureCookie));
        services.AddAuthorization(o =>
        {
            PermissionPolicies.Register(o, TokenAuthenticationHandler.SchemeName, IdentityConstants.ApplicationScheme);
            o.FallbackPolicy = null;
        });
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        services.AddScoped<ProjectAccess>();
        services.AddScoped<ApiTokenService>();
        services.AddSingleton<TokenCache>();
        services.AddSingleton<ProjectListCache>();
        services.AddSingleton<CacheInvalidation>();
        services.AddSingleton<RejectedTokenAudit>();
        services.AddSingleton<AuditThrottle>();
        services.AddSingleton<OrganizationSettings>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ServerMetrics>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        services.AddSingleton<WebhookSecrets>();
        services.AddScoped<MfaPolicy>();
        services.AddScoped<PersonalTokens>();
        services.AddScoped<PageAuthorization>();
        services.AddScoped<ProjectService>();
        services.AddScoped<ProjectMembership>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton(new SecretKeyRing(masterKey));
        services.AddExternalSecretProviders(VaultOptionsLoader.Load(options.DataDirectory, Environment.GetEnvironmentVariable));
        services.AddScoped<SecretTargets>();
        services.AddScoped<SecretStore>();
        services.AddScoped<SecretAccess>();
        services.AddPipelines(options);
        services.AddSingleton<BlobStore>();
        services.AddSingleton<ProvenanceKey>();
        services.AddScoped<ArtifactStore>();
        services.AddScoped<RunProvenance>();
        services.AddScoped<Web.Pages.Runs.RunPageQueries>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = BadRequestProblems.Customize);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        services.AddOpenApi("v1");
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "bulwark.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();

        var dataLock = DataDirectoryLock.Acquire(options.DataDirectory, "the server");
        services.AddSingleton(_ => dataLock);
        var app = builder.Build();
        // Resolved once so the container owns it (disposing the app releases it); a stopped server lets go at once.
        app.Services.GetRequiredService<DataDirectoryLock>();
        app.Lifetime.ApplicationStopped.Register(dataLock.Dispose);
        app.UseRequestTelemetry();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealthApi();
        app.MapMetricsApi();
        app.MapOpenApi("/api/{documentName}/openapi.json").AllowAnonymous();
        var api = app.MapGroup("/api/v1");
        api.MapProjectsApi();
        api.MapUsersApi();
        api.MapSettingsApi();
        api.MapTokensApi();
        api.MapAuditApi();
        api.MapSecretsApi();
        api.MapRunsApi();
        api.MapHooksApi();
        api.MapArtifactsApi();
        api.MapRunnersApi();
        api.MapRunnerJobsApi();
        app.MapAccountEndpoints();
        app.MapWebAssets();
        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>Strict JSON for untrusted clients: unknown fields, numeric enums and deep nesting are refused.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.MaxDepth = 16;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    /// <summary>Applies migrations and, while there are no users, issues the one-time setup token (returned for printing).</summary>
    public static async Task<string?> PrepareAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        return await db.Users.AnyAsync(cancellationToken) ? null : app.Services.GetRequiredService<SetupToken>().Issue();
    }
}
