using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Settings;

public abstract class SettingsApiTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _root = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _root = _server.Client(await _server.CreateTokenAsync("root"));
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Turning_the_mfa_policy_off_is_audited_and_lets_an_unenrolled_admin_act_with_an_online_token()
    {
        await _server.CreateUserAsync("ops", isAdmin: true);
        using var ops = _server.Client(await _server.CreateTokenAsync("ops", offline: false));
        (await ops.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _root.GetFromJsonAsync<JsonElement>("/api/v1/settings")).GetProperty("requireMfa").GetBoolean().ShouldBeTrue();

        (await _root.PutAsJsonAsync("/api/v1/settings", new { requireMfa = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ops.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _root.GetFromJsonAsync<JsonElement>("/api/v1/settings")).GetProperty("requireMfa").GetBoolean().ShouldBeFalse();
        var entry = await _server.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.SettingChanged));
        entry.Target.ShouldBe("setting:require-mfa");
        entry.Details.ShouldStartWith("""{"new":"false","old":"true",""");
        entry.ActorName.ShouldBe("root");
    }

    [Fact]
    public async Task Members_cannot_read_or_change_settings_and_unknown_fields_are_refused()
    {
        await _server.CreateUserAsync("dev");
        using var dev = _server.Client(await _server.CreateTokenAsync("dev"));
        (await dev.GetAsync("/api/v1/settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await dev.PutAsJsonAsync("/api/v1/settings", new { requireMfa = false })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _root.PutAsJsonAsync("/api/v1/settings", new { requireMfa = false, allowEveryone = true })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _server.WithDatabaseAsync(db => db.ServerSettings.CountAsync())).ShouldBe(0);
    }
}

public sealed class SqliteSettingsApiTests() : SettingsApiTests(Provider.Sqlite);

public sealed class PostgresSettingsApiTests() : SettingsApiTests(Provider.Postgres);
