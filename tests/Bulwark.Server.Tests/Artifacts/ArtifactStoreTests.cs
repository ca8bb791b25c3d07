using Bulwark.Server.Artifacts;
using Bulwark.Server.Blobs;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Artifacts;

public abstract class ArtifactStoreTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private Guid _runId;
    private Dictionary<string, Guid> _jobs = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        using var admin = _server.Client(await _server.CreateTokenAsync("root"));
        await admin.CreateProjectAsync("vision");
        (_runId, _jobs) = await _server.SeedRunAsync("vision", "build", "test");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<List<RunArtifact>> RowsAsync() =>
        _server.WithDatabaseAsync(db => db.RunArtifacts.AsNoTracking().OrderBy(a => a.Path).ToListAsync());

    [Fact]
    public async Task An_upload_records_a_row_and_stores_the_content_as_a_blob()
    {
        var content = "weights"u8.ToArray();
        await _server.SaveArtifactAsync(_jobs["build"], "dist/model.onnx", content);

        var row = (await RowsAsync()).ShouldHaveSingleItem();
        row.RunId.ShouldBe(_runId);
        row.JobId.ShouldBe(_jobs["build"]);
        row.Path.ShouldBe("dist/model.onnx");
        row.Sha256.ShouldBe(ArtifactTestData.Sha256(content));
        row.Length.ShouldBe(content.Length);
        var blobs = _server.Services.GetRequiredService<BlobStore>();
        var stored = new MemoryStream();
        await blobs.CopyToAsync(row.Sha256, stored, CancellationToken.None);
        stored.ToArray().ShouldBe(content);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/abs/path")]
    [InlineData("dist\\model")]
    [InlineData("a\u0007b")]
    public async Task Unsafe_paths_are_refused_and_nothing_is_recorded(string path)
    {
        await Should.ThrowAsync<ArtifactRejectedException>(() => _server.SaveArtifactAsync(_jobs["build"], path, [1, 2, 3]));
        (await RowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_digest_mismatch_is_refused_without_a_row_or_a_blob()
    {
        var failure = await Should.ThrowAsync<ArtifactRejectedException>(() =>
            _server.SaveArtifactAsync(_jobs["build"], "model.bin", [1, 2, 3], declaredSha256: new string('c', 64)));

        failure.Message.ShouldContain("model.bin");
        (await RowsAsync()).ShouldBeEmpty();
        var blobRoot = _server.Services.GetRequiredService<BlobStore>().Root;
        (Directory.Exists(blobRoot) ? Directory.GetFiles(blobRoot, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_per_run_file_cap_counts_every_job_of_the_run()
    {
        var limits = new ArtifactLimits { MaxFilesPerRun = 2 };
        await _server.SaveArtifactAsync(_jobs["build"], "a", [1], limits);
        await _server.SaveArtifactAsync(_jobs["test"], "b", [2], limits);
        var failure = await Should.ThrowAsync<ArtifactRejectedException>(() => _server.SaveArtifactAsync(_jobs["test"], "c", [3], limits));
        failure.Message.ShouldContain("limit is 2");
        await _server.SaveArtifactAsync(_jobs["test"], "b", [4], limits);
        (await RowsAsync()).Select(a => a.Path).ShouldBe(["a", "b"]);
    }

    [Fact]
    public async Task The_per_run_and_per_file_byte_caps_hold()
    {
        var limits = new ArtifactLimits { MaxBytesPerRun = 100, MaxFileBytes = 60 };
        await Should.ThrowAsync<ArtifactRejectedException>(() => _server.SaveArtifactAsync(_jobs["build"], "big", new byte[61], limits));
        await _server.SaveArtifactAsync(_jobs["build"], "one", new byte[60], limits);
        (await Should.ThrowAsync<ArtifactRejectedException>(() => _server.SaveArtifactAsync(_jobs["test"], "two", new byte[41], limits)))
            .Message.ShouldContain("exceed 100 bytes");
        await _server.SaveArtifactAsync(_jobs["test"], "two", new byte[40], limits);
    }

    [Fact]
    public async Task Uploading_a_path_again_replaces_the_earlier_entry()
    {
        await _server.SaveArtifactAsync(_jobs["build"], "model.bin", [1, 2, 3]);
        await _server.SaveArtifactAsync(_jobs["build"], "model.bin", [4, 5]);

        var row = (await RowsAsync()).ShouldHaveSingleItem();
        row.Sha256.ShouldBe(ArtifactTestData.Sha256([4, 5]));
        row.Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_finished_run_and_an_unknown_job_take_no_uploads()
    {
        await Should.ThrowAsync<ArtifactRejectedException>(() => _server.SaveArtifactAsync(Guid.NewGuid(), "a", [1]));
        await _server.FinishRunAsync(_runId);
        (await Should.ThrowAsync<ArtifactRejectedException>(() => _server.SaveArtifactAsync(_jobs["build"], "a", [1]))).Message.ShouldContain("finished");
        (await RowsAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteArtifactStoreTests() : ArtifactStoreTests(Provider.Sqlite);

public sealed class PostgresArtifactStoreTests() : ArtifactStoreTests(Provider.Postgres);
