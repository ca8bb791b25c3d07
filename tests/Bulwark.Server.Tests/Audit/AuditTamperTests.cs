using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Audit;

/// <summary>
/// Tampers with the audit table through raw SQL, as someone with database access would, and expects both the
/// server's verify endpoint and the offline verifier to fail and name the first bad entry.
/// </summary>
public abstract class AuditTamperTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta" })
        {
            (await _admin.PostAsJsonAsync("/api/v1/projects", new { name, repositoryUrl = $"https://git.example/acme/{name}" })).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_intact_log_verifies_with_seals_and_head_anchor()
    {
        var verdict = await VerifyThroughApiAsync();
        verdict.GetProperty("valid").GetBoolean().ShouldBeTrue();
        verdict.GetProperty("entries").GetInt64().ShouldBe(5);
        verdict.GetProperty("sealsChecked").GetBoolean().ShouldBeTrue();
        verdict.GetProperty("headChecked").GetBoolean().ShouldBeTrue();
        verdict.GetProperty("firstBadSequence").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Editing_a_field_is_detected_at_that_entry()
    {
        await SqlAsync("""UPDATE "AuditEntries" SET "Target" = 'project:innocent' WHERE "Sequence" = 3""");
        await ShouldFailAtAsync(3, "modified");
    }

    [Fact]
    public async Task Deleting_a_middle_entry_is_detected_at_the_missing_number()
    {
        await SqlAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 2""");
        await ShouldFailAtAsync(2, "missing");
    }

    [Fact]
    public async Task Deleting_the_newest_entries_is_detected_by_the_head_anchor()
    {
        await SqlAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" >= 4""");
        await ShouldFailAtAsync(4, "newest entries were deleted");
        // Without the anchor the chain alone looks whole: this is what the anchor adds.
        var chainOnly = await _server.WithDatabaseAsync(db => AuditVerifier.VerifyAsync(db, null, CancellationToken.None));
        chainOnly.Valid.ShouldBeTrue();
    }

    [Fact]
    public async Task Swapping_two_entries_is_detected_at_the_first_of_them()
    {
        await SqlAsync("""UPDATE "AuditEntries" SET "Sequence" = 1000 WHERE "Sequence" = 2""");
        await SqlAsync("""UPDATE "AuditEntries" SET "Sequence" = 2 WHERE "Sequence" = 3""");
        await SqlAsync("""UPDATE "AuditEntries" SET "Sequence" = 3 WHERE "Sequence" = 1000""");
        await ShouldFailAtAsync(2, "does not link");
    }

    [Fact]
    public async Task A_forged_entry_with_a_correct_hash_fails_its_seal()
    {
        var last = await _server.WithDatabaseAsync(db => db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync());
        var forged = new AuditEntry
        {
            Sequence = last.Sequence + 1,
            Timestamp = last.Timestamp,
            Action = AuditActions.SettingChanged,
            Outcome = "success",
            ActorName = "root",
            Details = "{}",
            PreviousHash = last.Hash,
            Hash = [],
            Seal = RandomNumberGenerator.GetBytes(32),
        };
        forged.Hash = AuditCanonicalForm.ComputeHash(forged);
        await _server.WithDatabaseAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditEntries" ("Sequence", "Timestamp", "Action", "Outcome", "ActorId", "ActorName", "SourceIp", "Target", "Details", "PreviousHash", "Hash", "Seal")
            VALUES ({forged.Sequence}, {forged.Timestamp}, {forged.Action}, {forged.Outcome}, {null as string}, {forged.ActorName}, {null as string}, {null as string}, {forged.Details}, {forged.PreviousHash}, {forged.Hash}, {forged.Seal})
            """));
        await ShouldFailAtAsync(6, "invalid seal");
    }

    [Fact]
    public async Task Editing_the_head_anchor_is_detected()
    {
        var path = AuditHeadFile.PathIn(_server.Options.DataDirectory);
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace("bulwark-audit-head/v1 5 ", "bulwark-audit-head/v1 4 ", StringComparison.Ordinal));
        var verdict = await VerifyThroughApiAsync();
        verdict.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verdict.GetProperty("problem").GetString()!.ShouldContain("invalid seal");
    }

    private async Task ShouldFailAtAsync(long sequence, string reason)
    {
        var verdict = await VerifyThroughApiAsync();
        verdict.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verdict.GetProperty("firstBadSequence").GetInt64().ShouldBe(sequence);
        verdict.GetProperty("problem").GetString()!.ShouldContain(reason);
        var offline = await _server.WithDatabaseAsync(db =>
            _server.Services.GetRequiredService<AuditLog>().VerifyAsync(db, CancellationToken.None));
        offline.Valid.ShouldBeFalse();
        offline.FirstBadSequence.ShouldBe(sequence);
    }

    private async Task<JsonElement> VerifyThroughApiAsync()
    {
        var response = await _admin.GetAsync("/api/v1/audit/verify");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<int> SqlAsync(string sql) => _server.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync(sql));
}

public sealed class SqliteAuditTamperTests() : AuditTamperTests(Provider.Sqlite);

public sealed class PostgresAuditTamperTests() : AuditTamperTests(Provider.Postgres);
