using System.Text;
using BenchmarkDotNet.Attributes;
using Bulwark.Integrity.Encryption;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Operations;
using Bulwark.Server.Projects;
using Bulwark.Server.Secrets;
using Bulwark.Server.Secrets.External;
using Bulwark.Server.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Benchmarks;

/// <summary>
/// Everything a job start costs the secrets store for 50 secrets on the embedded SQLite database: the query,
/// 50 envelope decryptions and 50 <c>secret.read</c> audit entries in one transaction; against its lower bound,
/// the 50 decryptions alone.
/// </summary>
[MemoryDiagnoser]
public class SecretAccessBenchmarks
{
    private const int Secrets = 50;
    private readonly List<(StoredSecret Secret, SecretVersion Row)> _rows = [];
    private string _directory = "";
    private ServiceProvider _services = null!;
    private SecretKeyRing _keys = null!;
    private JobSecretRequest _request = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("bulwark-bench-").FullName;
        var options = new ServerOptions { DataDirectory = _directory };
        _services = await OfflineServices.CreateAsync(options, CancellationToken.None);
        _keys = new SecretKeyRing(_services.GetRequiredService<MasterKey>());
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
        var project = new Project { Id = Guid.NewGuid(), Name = "bench", RepositoryUrl = "https://git.example/a/b", WebhookSecretCiphertext = [0] };
        db.Projects.Add(project);
        for (var i = 0; i < Secrets; i++)
        {
            var secret = new StoredSecret
            {
                Id = Guid.NewGuid(), Scope = SecretScope.Project, ProjectId = project.Id, Name = $"SECRET_{i}", CurrentVersion = 1,
                Events = [.. SecretEvents.Default], CreatedBy = "bench", UpdatedBy = "bench",
            };
            var row = SecretCrypto.Seal(secret, 1, Encoding.UTF8.GetBytes($"value-{i}-{new string('x', 40)}"), _keys.Current, "bench", DateTime.UnixEpoch);
            secret.Versions.Add(row);
            db.Secrets.Add(secret);
            _rows.Add((secret, row));
        }
        await db.SaveChangesAsync();
        _request = new JobSecretRequest("run-1", "train", "step-1", "bench", null, "main", true, SecretEvents.Push);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "50 envelope decryptions only")]
    public int DecryptOnly()
    {
        var total = 0;
        foreach (var (secret, row) in _rows)
        {
            total += SecretCrypto.Open(secret, row, _keys).Length;
        }
        return total;
    }

    [Benchmark(Description = "ResolveForJobAsync, 50 secrets (query + decrypt + audit)")]
    public async Task<int> ResolveForJob()
    {
        await using var scope = _services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var access = new SecretAccess(provider.GetRequiredService<BulwarkDbContext>(), provider.GetRequiredService<AuditLog>(), _keys, new SecretProviders([]));
        var secrets = await access.ResolveForJobAsync(_request, CancellationToken.None);
        return secrets.Count == Secrets ? Secrets : throw new InvalidOperationException($"expected {Secrets} secrets, got {secrets.Count}");
    }
}
