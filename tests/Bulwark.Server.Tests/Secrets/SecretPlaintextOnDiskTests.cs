using System.Net.Http.Json;
using System.Text;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Bulwark.Server.Tests.Secrets;

/// <summary>The embedded database, its write-ahead log and every other file in the data directory never hold a stored value.</summary>
public sealed class SecretPlaintextOnDiskTests
{
    [Fact]
    public async Task No_file_in_the_data_directory_contains_a_value_or_its_base64()
    {
        var values = Enumerable.Range(0, 5).Select(i => $"plaintext-marker-{i}-{Guid.NewGuid():N}").ToArray();
        await using var server = await TestServer.StartAsync(Provider.Sqlite);
        await server.CreateUserAsync("root", isAdmin: true);
        using var admin = server.Client(await server.CreateTokenAsync("root"));
        await admin.CreateProjectAsync("ml-api");
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            (await admin.PutAsJsonAsync($"/api/v1/projects/ml-api/secrets/S{i}", new { value })).EnsureSuccessStatusCode();
        }
        await server.ResolveAsync(SecretTestData.Job("ml-api"));
        var files = Directory.GetFiles(server.Options.DataDirectory, "*", SearchOption.AllDirectories);
        files.ShouldContain(f => f.EndsWith("bulwark.db", StringComparison.Ordinal));
        files.ShouldContain(f => f.EndsWith("bulwark.db-wal", StringComparison.Ordinal), "the WAL holds the newest pages and must be searched too");
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var value in values)
            {
                foreach (var form in new[] { value, Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) })
                {
                    bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)).ShouldBe(-1, $"{Path.GetFileName(file)} contains a stored value");
                }
            }
        }
        SqliteConnection.ClearAllPools();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
