using System.Security.Claims;
using Bulwark.Server.Access;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Identity;

/// <summary>ASP.NET Core Identity wired for Bulwark: password and lockout policy, TOTP, and strict session cookies.</summary>
internal static class IdentityServices
{
    /// <summary>How long a session cookie lives without use; sign-out everywhere takes effect within <see cref="StampCheckInterval"/>.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static readonly TimeSpan StampCheckInterval = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddBulwarkIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<BulwarkUser>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = false;
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddClaimsPrincipalFactory<BulwarkClaimsFactory>()
            .AddEntityFrameworkStores<BulwarkDbContext>();
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = StampCheckInterval;
            o.OnRefreshingPrincipal = KeepStepUp;
        });
        // The short-lived cookie between the password and the second factor: as strict as the session.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "bulwark.mfa-pending";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<SetupToken>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<MfaVerifier>();
        services.AddScoped<MfaEnrolment>();
        services.AddScoped<SignInAudit>();
        services.AddScoped<InteractiveSignIn>();
        services.AddScoped<FirstAdministrator>();
        return services;
    }

    /// <summary>The periodic stamp check rebuilds the principal from the database; a step-up is session state, so carry it over.</summary>
    private static Task KeepStepUp(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(BulwarkClaims.StepUpAt) is { } stepUp && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(BulwarkClaims.StepUpAt, stepUp.Value));
        }
        return Task.CompletedTask;
    }

    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "bulwark.session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        // Secure always, except that browsers drop Secure cookies over the loopback-only --insecure-http.
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = SessionLifetime;
        options.SlidingExpiration = true;
        options.LoginPath = "/signin";
        options.LogoutPath = "/signout";
        options.AccessDeniedPath = "/forbidden";
    }
}
