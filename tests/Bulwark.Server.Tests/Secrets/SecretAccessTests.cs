using Bulwark.Server.Audit;
using Bulwark.Server.Secrets;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bulwark.Server.Tests.Secrets.SecretTestData;

namespace Bulwark.Server.Tests.Secrets;

public abstract class SecretAccessTests(Provider provider) : IAsyncLifetime
{
    private const string Project = "/api/v1/projects/ml-api";
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    private async Task PutAsync(string path, object body) => (await _admin.PutSecretAsync(path, body)).EnsureSuccessStatusCode();

    private async Task<string[]> NamesAsync(JobSecretRequest request) => (await _server.ResolveAsync(request)).Select(s => s.Name).ToArray();

    [Fact]
    public async Task A_job_gets_organisation_project_and_its_environment_secrets_with_the_narrowest_scope_winning()
    {
        await PutAsync("/api/v1/secrets/REGISTRY", new { value = "org-registry" });
        await PutAsync("/api/v1/secrets/SHARED", new { value = "org-shared" });
        await PutAsync($"{Project}/secrets/SHARED", new { value = "project-shared" });
        await PutAsync($"{Project}/secrets/DB", new { value = "project-db" });
        await PutAsync($"{Project}/environments/production/secrets/DB", new { value = "production-db" });
        await PutAsync($"{Project}/environments/staging/secrets/ONLY_STAGING", new { value = "staging" });

        var secrets = await _server.ResolveAsync(Job("ml-api", environment: "production"));
        secrets.Select(s => (s.Name, s.Value)).ShouldBe([("DB", "production-db"), ("REGISTRY", "org-registry"), ("SHARED", "project-shared")]);
        (await _server.ResolveAsync(Job("ml-api"))).Single(s => s.Name == "DB").Value.ShouldBe("project-db");
    }

    [Fact]
    public async Task Rules_limit_secrets_by_branch_protection_event_and_job()
    {
        await PutAsync($"{Project}/secrets/RELEASE", new { value = "r", branches = new[] { "release/*", "main" } });
        await PutAsync($"{Project}/secrets/PROTECTED", new { value = "p", protectedOnly = true });
        await PutAsync($"{Project}/secrets/MANUAL", new { value = "m", events = new[] { "manual" } });
        await PutAsync($"{Project}/secrets/DEPLOY_JOB", new { value = "d", jobs = new[] { "deploy" } });

        (await NamesAsync(Job("ml-api", reference: "main"))).ShouldBe(["PROTECTED", "RELEASE"]);
        (await NamesAsync(Job("ml-api", reference: "release/1.2", isProtected: false))).ShouldBe(["RELEASE"]);
        (await NamesAsync(Job("ml-api", reference: "release/1.2/x", isProtected: false))).ShouldBeEmpty("* stays within one segment");
        (await NamesAsync(Job("ml-api", reference: "feature", eventName: "manual"))).ShouldBe(["MANUAL", "PROTECTED"]);
        (await NamesAsync(Job("ml-api", reference: "feature", job: "deploy"))).ShouldBe(["DEPLOY_JOB", "PROTECTED"]);
    }

    [Fact]
    public async Task Pull_requests_get_only_secrets_that_allow_them_and_forks_get_nothing_unless_a_maintainer_approved()
    {
        await PutAsync($"{Project}/secrets/DEFAULT", new { value = "d" });
        await PutAsync($"{Project}/secrets/FOR_PRS", new { value = "p", events = new[] { "push", "pull_request" } });
        (await NamesAsync(Job("ml-api", eventName: "pull_request", reference: "feature", isProtected: false))).ShouldBe(["FOR_PRS"]);
        (await NamesAsync(Job("ml-api", eventName: "pull_request", reference: "feature", isProtected: false, fromFork: true))).ShouldBeEmpty();
        (await NamesAsync(Job("ml-api", eventName: "pull_request", reference: "feature", isProtected: false, fromFork: true, approved: true))).ShouldBe(["FOR_PRS"]);
    }

    [Fact]
    public async Task A_narrower_secret_that_excludes_the_job_hides_the_wider_one()
    {
        await PutAsync("/api/v1/secrets/TOKEN", new { value = "org" });
        await PutAsync($"{Project}/secrets/TOKEN", new { value = "project", jobs = new[] { "deploy" } });
        (await NamesAsync(Job("ml-api", job: "train"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_decryption_is_audited_with_run_job_and_step_and_never_the_value()
    {
        await PutAsync($"{Project}/secrets/A", new { value = "value-of-a" });
        await PutAsync($"{Project}/environments/prod/secrets/B", new { value = "value-of-b" });
        await _server.ResolveAsync(Job("ml-api", environment: "prod"));
        var reads = await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SecretRead).OrderBy(e => e.Sequence).ToListAsync());
        reads.Select(e => e.Target).ShouldBe(["secret:ml-api/A", "secret:ml-api/prod/B"]);
        reads[1].Details.ShouldBe("""{"environment":"prod","job":"train","run":"run-1","scope":"environment","step":"step-1","version":"1"}""");
        reads.ShouldAllBe(e => e.ActorName == "run:run-1" && !e.Details.Contains("value-of"));
        (await _server.WithDatabaseAsync(db => AuditVerifier.VerifyAsync(db, null, CancellationToken.None))).Valid.ShouldBeTrue();
        await _server.ResolveAsync(Job("ml-api", fromFork: true));
        (await _server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SecretRead))).ShouldBe(2);
    }

    [Fact]
    public async Task A_ciphertext_copied_to_another_row_does_not_decrypt()
    {
        await PutAsync($"{Project}/secrets/SOURCE", new { value = "source-value" });
        await PutAsync($"{Project}/secrets/TARGET", new { value = "target-value" });
        await _server.WithDatabaseAsync(async db =>
        {
            var rows = await db.SecretVersions.Include(v => v.Secret).ToListAsync();
            var source = rows.Single(v => v.Secret!.Name == "SOURCE");
            var target = rows.Single(v => v.Secret!.Name == "TARGET");
            (target.Ciphertext, target.Nonce, target.Tag, target.WrappedKey, target.WrapNonce) = (source.Ciphertext, source.Nonce, source.Tag, source.WrappedKey, source.WrapNonce);
            return await db.SaveChangesAsync();
        });
        await Should.ThrowAsync<Bulwark.Integrity.Encryption.EnvelopeException>(() => _server.ResolveAsync(Job("ml-api")));
    }
}

public sealed class SqliteSecretAccessTests() : SecretAccessTests(Provider.Sqlite);

public sealed class PostgresSecretAccessTests() : SecretAccessTests(Provider.Postgres);
