using System.Net.Http.Headers;
using Bulwark.Server.Access;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Storage;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Tests.Infrastructure;

/// <summary>
/// A real Bulwark server on a free loopback port (plain HTTP, as --insecure-http), on a fresh SQLite or
/// PostgreSQL database and data directory, with helpers to create users and tokens the way the CLI does.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string StrongPassword = "violet-harbour-lantern-42";
    private readonly TempDirectory _dataDirectory;
    private readonly TestDatabase _database;

    private readonly TimeProvider? _time;

    private TestServer(WebApplication app, TempDirectory dataDirectory, TestDatabase database, ServerOptions options, string? setupToken, TimeProvider? time)
    {
        _time = time;
        App = app;
        _dataDirectory = dataDirectory;
        _database = database;
        Options = options;
        SetupToken = setupToken;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; private set; }

    public ServerOptions Options { get; }

    public Uri BaseAddress { get; private set; }

    /// <summary>The one-time setup token the server printed (null once a user exists before start).</summary>
    public string? SetupToken { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestServer> StartAsync(Provider provider, Func<ServerOptions, ServerOptions>? configure = null, TimeProvider? time = null)
    {
        var dataDirectory = new TempDirectory("bulwark-server-");
        var database = await TestDatabase.CreateAsync(provider.Kind());
        var options = new ServerOptions
        {
            DataDirectory = dataDirectory.Path,
            Listen = "127.0.0.1:0",
            InsecureHttp = true,
            Database = database.ConnectionString,
            // Tests that run pipelines turn the embedded runner on; elsewhere it would take jobs tests lease themselves.
            EmbeddedRunners = 0,
        };
        options = configure?.Invoke(options) ?? options;
        var app = ServerApp.Build(options, time, logging => logging.SetMinimumLevel(LogLevel.Warning));
        var setupToken = await ServerApp.PrepareAsync(app, CancellationToken.None);
        await app.StartAsync();
        return new TestServer(app, dataDirectory, database, options, setupToken, time);
    }

    /// <summary>An HTTP client for the server; with a token it sends it as a bearer token.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async Task<BulwarkUser> CreateUserAsync(string username, bool isAdmin = false, string password = StrongPassword)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await UserAccounts.CreateAsync(scope.ServiceProvider, username, password, isAdmin, null, "test", null, CancellationToken.None);
        result.Errors.ShouldBeEmpty();
        return result.User!;
    }

    /// <summary>A token as <c>bulwark admin create-token</c> makes it (offline: acts without MFA enrolment).</summary>
    public async Task<string> CreateTokenAsync(string username, string scopes = TokenScopes.All, bool offline = true, DateTime? expiresAt = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<BulwarkUser>>().FindByNameAsync(username);
        var (_, plaintext) = scope.ServiceProvider.GetRequiredService<ApiTokenService>()
            .Issue(user!.Id, "test", TokenScopes.Parse(scopes)!, expiresAt, offline);
        await scope.ServiceProvider.GetRequiredService<BulwarkDbContext>().SaveChangesAsync();
        return plaintext;
    }

    /// <summary>Runs code against the server's database in its own scope.</summary>
    public async Task<T> WithDatabaseAsync<T>(Func<BulwarkDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BulwarkDbContext>());
    }

    /// <summary>
    /// Stops the server without any chance to finish its work (as a crash or a deploy would) and starts a new one on
    /// the same data directory and database, on a new port. Make new clients afterwards.
    /// </summary>
    public async Task RestartAsync()
    {
        await App.StopAsync(new CancellationToken(canceled: true));
        await App.DisposeAsync();
        App = ServerApp.Build(Options, _time, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await ServerApp.PrepareAsync(App, CancellationToken.None);
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await _database.DisposeAsync();
        _dataDirectory.Dispose();
    }
}
