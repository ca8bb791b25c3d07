using System.Net.Http.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Projects;
using Bulwark.Server.Secrets;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Tests.Secrets;

public abstract class MasterKeyRotationTests(Provider provider) : IAsyncLifetime
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;
    private TestServer _server = null!;
    private string _webhookSecret = "";

    private string KeyFile => Path.Combine(_server.Options.DataDirectory, ServerOptions.MasterKeyFileName);

    private string NextFile => Path.Combine(_server.Options.DataDirectory, SecretKeyRing.NextKeyFileName);

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        using var admin = _server.Client(await _server.CreateTokenAsync("root"));
        _webhookSecret = await admin.CreateProjectAsync("ml-api");
        for (var i = 0; i < 4; i++)
        {
            for (var version = 1; version <= 3; version++)
            {
                (await admin.PutAsJsonAsync($"/api/v1/projects/ml-api/secrets/S{i}", new { value = $"s{i}-v{version}" })).EnsureSuccessStatusCode();
            }
        }
        (await admin.PutAsJsonAsync("/api/v1/projects/ml-api/environments/prod/secrets/ENV", new { value = "env-value" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rotation_refuses_while_the_server_runs()
    {
        var refusal = await Should.ThrowAsync<ServerOptionsException>(() => new MasterKeyRotation(_server.Options, NoEnvironment, TimeProvider.System).RunAsync(CancellationToken.None));
        refusal.Message.ShouldContain("in use");
        File.Exists(NextFile).ShouldBeFalse();
    }

    [Fact]
    public async Task A_rotation_that_crashes_part_way_resumes_and_leaves_everything_readable_under_the_new_key()
    {
        await _server.App.StopAsync();
        var oldKey = await File.ReadAllTextAsync(KeyFile);
        var crashing = new MasterKeyRotation(_server.Options, NoEnvironment, TimeProvider.System)
        {
            BatchSize = 3,
            AfterRow = n => { if (n == 7) { throw new IOException("simulated crash"); } },
        };
        await Should.ThrowAsync<IOException>(() => crashing.RunAsync(CancellationToken.None));
        File.Exists(NextFile).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            (File.GetUnixFileMode(NextFile) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)).ShouldBe(UnixFileMode.None);
        }
        var newId = SecretKeyRing.KeyId(MasterKey.Load(NextFile));
        (await CountOnKeyAsync(newId)).ShouldBe(6, "two batches of three committed before the crash");
        var refusal = Should.Throw<ServerOptionsException>(() => ServerApp.Build(_server.Options));
        refusal.Message.ShouldContain("rotate-master-key");
        using (var both = new SecretKeyRing(MasterKey.Load(KeyFile), MasterKey.Load(NextFile)))
        {
            var rows = await _server.WithDatabaseAsync(db => db.SecretVersions.Include(v => v.Secret).ToListAsync());
            rows.ShouldAllBe(r => SecretCrypto.Open(r.Secret!, r, both).Length > 0, "a half-done rotation still decrypts with both keys");
        }

        var result = await new MasterKeyRotation(_server.Options, NoEnvironment, TimeProvider.System).RunAsync(CancellationToken.None);
        result.Resumed.ShouldBeTrue();
        result.RewrappedVersions.ShouldBe(13 - 6);
        File.Exists(NextFile).ShouldBeFalse();
        (await File.ReadAllTextAsync(KeyFile)).ShouldNotBe(oldKey);
        SecretKeyRing.KeyId(MasterKey.Load(KeyFile)).ShouldBe(newId);
        (await CountOnKeyAsync(newId)).ShouldBe(13);
        await ShouldDecryptEverythingAsync("after rotation");
        new WebhookSecrets(MasterKey.Load(KeyFile)).Decrypt(await ProjectIdAsync(), await WebhookCiphertextAsync()).ShouldBe(_webhookSecret);

        var store = OfflineAuditStore.Open(_server.Options, NoEnvironment, out var problem).ShouldNotBeNull(problem);
        await using (store.Database)
        {
            var verdict = await AuditVerifier.VerifyAsync(store.Database, store.SealKey, store.Anchor, CancellationToken.None);
            verdict.Valid.ShouldBeTrue(verdict.Problem);
            verdict.SealsChecked.ShouldBeTrue();
            verdict.HeadChecked.ShouldBeTrue();
        }
        foreach (var file in Directory.GetFiles(_server.Options.DataDirectory, "*", SearchOption.AllDirectories))
        {
            (await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(oldKey.Trim())).ShouldBe(-1, $"{file} still holds the old key");
        }
        (await _server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.MasterKeyRotated))).ShouldBe(1);
    }

    [Fact]
    public async Task Stored_artifacts_stay_readable_after_a_rotation_without_being_re_encrypted()
    {
        var content = "model weights 0.1 0.2 0.3"u8.ToArray();
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        var blobs = _server.Services.GetRequiredService<Bulwark.Server.Blobs.BlobStore>();
        await blobs.PutAsync(new MemoryStream(content), digest, content.Length, 1 << 20, CancellationToken.None);
        var encrypted = await File.ReadAllBytesAsync(blobs.PathOf(digest));
        await _server.App.StopAsync();

        await new MasterKeyRotation(_server.Options, NoEnvironment, TimeProvider.System).RunAsync(CancellationToken.None);

        (await File.ReadAllBytesAsync(blobs.PathOf(digest))).ShouldBe(encrypted, "the blob file itself is untouched");
        var reopened = new Bulwark.Server.Blobs.BlobStore(_server.Options, MasterKey.Load(KeyFile));
        using var read = new MemoryStream();
        await reopened.CopyToAsync(digest, read, CancellationToken.None);
        read.ToArray().ShouldBe(content);
    }

    [Fact]
    public async Task With_the_key_in_the_environment_no_file_is_written_and_the_new_key_comes_from_its_variable()
    {
        await _server.App.StopAsync();
        var oldKey = (await File.ReadAllTextAsync(KeyFile)).Trim();
        var refusal = await Should.ThrowAsync<ServerOptionsException>(() =>
            new MasterKeyRotation(_server.Options, n => n == MasterKey.EnvironmentVariable ? oldKey : null, TimeProvider.System).RunAsync(CancellationToken.None));
        refusal.Message.ShouldContain(SecretKeyRing.NextKeyVariable);
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var environment = new Dictionary<string, string?> { [MasterKey.EnvironmentVariable] = oldKey, [SecretKeyRing.NextKeyVariable] = newKey };
        var result = await new MasterKeyRotation(_server.Options, n => environment.GetValueOrDefault(n), TimeProvider.System).RunAsync(CancellationToken.None);
        result.FromEnvironment.ShouldBeTrue();
        File.Exists(NextFile).ShouldBeFalse();
        (await File.ReadAllTextAsync(KeyFile)).Trim().ShouldBe(oldKey, "the key file is not touched");
        (await CountOnKeyAsync(result.NewKeyId)).ShouldBe(13);
    }

    [Fact]
    public async Task Rotation_refuses_to_reseal_an_edited_audit_log()
    {
        await _server.App.StopAsync();
        await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Sequence == 2).ExecuteUpdateAsync(s => s.SetProperty(e => e.Target, "project:forged")));
        var failure = await Should.ThrowAsync<MasterKeyRotationException>(() => new MasterKeyRotation(_server.Options, NoEnvironment, TimeProvider.System).RunAsync(CancellationToken.None));
        failure.Message.ShouldContain("audit entry 2");
        File.Exists(NextFile).ShouldBeTrue("a re-run resumes with the same next key");
    }

    private Task<int> CountOnKeyAsync(string keyId) => _server.WithDatabaseAsync(db => db.SecretVersions.CountAsync(v => v.MasterKeyId == keyId));

    private Task<Guid> ProjectIdAsync() => _server.WithDatabaseAsync(db => db.Projects.Select(p => p.Id).SingleAsync());

    private Task<byte[]> WebhookCiphertextAsync() => _server.WithDatabaseAsync(db => db.Projects.Select(p => p.WebhookSecretCiphertext).SingleAsync());

    /// <summary>Starts a fresh server on the same data directory and database, as an operator restarting it would.</summary>
    private async Task ShouldDecryptEverythingAsync(string when)
    {
        await using var app = ServerApp.Build(_server.Options, logging: l => l.SetMinimumLevel(LogLevel.Warning));
        await using var scope = app.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<SecretAccess>();
        var secrets = await access.ResolveForJobAsync(SecretTestData.Job("ml-api", environment: "prod"), CancellationToken.None);
        secrets.Select(s => $"{s.Name}={s.Value}").ShouldBe(["ENV=env-value", "S0=s0-v3", "S1=s1-v3", "S2=s2-v3", "S3=s3-v3"], when);
        var rows = await scope.ServiceProvider.GetRequiredService<Bulwark.Server.Storage.BulwarkDbContext>().SecretVersions.Include(v => v.Secret).ToListAsync();
        var keys = scope.ServiceProvider.GetRequiredService<SecretKeyRing>();
        rows.ShouldAllBe(r => SecretCrypto.Open(r.Secret!, r, keys).Length > 0);
    }
}

public sealed class SqliteMasterKeyRotationTests() : MasterKeyRotationTests(Provider.Sqlite);

public sealed class PostgresMasterKeyRotationTests() : MasterKeyRotationTests(Provider.Postgres);
