using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Integrity.Encryption;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Server.Access;
using Bulwark.Server.Artifacts;
using Bulwark.Server.Blobs;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Artifacts;

public abstract class ArtifactsApiTests(Provider provider) : IAsyncLifetime
{
    private static readonly byte[] Model = RandomNumberGenerator.GetBytes(4 * SegmentedAead.SegmentSize + 123);
    private static readonly byte[] Report = """{"accuracy":0.93}"""u8.ToArray();
    private const string ReportPath = "reports/Résumé v2.json";
    private TestServer _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _viewer = null!;
    private HttpClient _outsider = null!;
    private Guid _runId;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("vision");
        await _admin.CreateProjectAsync("other");
        foreach (var (user, project) in new[] { ("viewer", "vision"), ("outsider", "other") })
        {
            await _server.CreateUserAsync(user);
            await _server.AddMemberAsync(project, user, ProjectRole.Viewer);
        }
        _viewer = _server.Client(await _server.CreateTokenAsync("viewer", TokenScopes.Read));
        _outsider = _server.Client(await _server.CreateTokenAsync("outsider", TokenScopes.Read));
        Dictionary<string, Guid> jobs;
        (_runId, jobs) = await _server.SeedRunAsync("vision", "build", "test");
        await _server.SaveArtifactAsync(jobs["build"], "dist/model.onnx", Model);
        await _server.SaveArtifactAsync(jobs["test"], ReportPath, Report);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _viewer.Dispose();
        _outsider.Dispose();
        await _server.DisposeAsync();
    }

    private string Run => $"/api/v1/runs/{_runId}";

    private static string Url(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    [Fact]
    public async Task The_list_shows_each_artifact_with_its_job_path_digest_and_length()
    {
        var list = JsonDocument.Parse(await _viewer.GetStringAsync($"{Run}/artifacts")).RootElement;

        list.GetArrayLength().ShouldBe(2);
        list[0].EnumerateObject().Select(p => p.Name).ShouldBe(["job", "path", "sha256", "length"]);
        list[0].GetProperty("job").GetString().ShouldBe("build");
        list[0].GetProperty("path").GetString().ShouldBe("dist/model.onnx");
        list[0].GetProperty("sha256").GetString().ShouldBe(ArtifactTestData.Sha256(Model));
        list[0].GetProperty("length").GetInt64().ShouldBe(Model.Length);
        list[1].GetProperty("job").GetString().ShouldBe("test");
        list[1].GetProperty("path").GetString().ShouldBe(ReportPath);
    }

    [Fact]
    public async Task A_download_returns_the_exact_bytes_with_length_and_digest_headers()
    {
        using var response = await _viewer.GetAsync($"{Run}/artifacts/build/dist/model.onnx");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Model);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        response.Content.Headers.ContentLength.ShouldBe(Model.Length);
        response.Headers.GetValues("X-Bulwark-Sha256").ShouldBe([ArtifactTestData.Sha256(Model)]);
        response.Headers.GetValues("Repr-Digest").ShouldBe([$"sha-256=:{Convert.ToBase64String(SHA256.HashData(Model))}:"]);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");

        using var report = await _viewer.GetAsync($"{Run}/artifacts/test/{Url(ReportPath)}");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await report.Content.ReadAsByteArrayAsync()).ShouldBe(Report);
    }

    [Theory]
    [InlineData("build/missing.bin")]
    [InlineData("test/dist/model.onnx")]
    [InlineData("deploy/dist/model.onnx")]
    public async Task An_artifact_the_job_did_not_upload_is_not_found(string jobAndPath)
    {
        using var response = await _viewer.GetAsync($"{Run}/artifacts/{jobAndPath}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_of_another_project_is_refused_everything_and_learns_nothing_about_run_ids()
    {
        await _server.FinishRunAsync(_runId);
        await _server.WriteProvenanceAsync(_runId);
        foreach (var path in new[] { $"{Run}/artifacts", $"{Run}/artifacts/build/dist/model.onnx", $"{Run}/provenance", $"/api/v1/runs/{Guid.NewGuid()}/artifacts", "/api/v1/runs/not-a-guid/provenance" })
        {
            using var response = await _outsider.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain(ArtifactTestData.Sha256(Model));
        }
        using var unknown = await _admin.GetAsync($"/api/v1/runs/{Guid.NewGuid()}/artifacts");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var anonymous = await _server.Client().GetAsync($"{Run}/artifacts");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_provenance_bundle_verifies_with_the_published_key_against_the_downloaded_artifacts()
    {
        await _server.FinishRunAsync(_runId);
        await _server.WriteProvenanceAsync(_runId);

        using var response = await _viewer.GetAsync($"{Run}/provenance");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var bundle = await response.Content.ReadAsByteArrayAsync();
        var pem = await _viewer.GetStringAsync("/api/v1/provenance-key");
        pem.ShouldStartWith("-----BEGIN PUBLIC KEY-----");
        using var files = new TempDirectory("bulwark-downloads-");
        var model = Path.Combine(files.Path, "model.onnx");
        File.WriteAllBytes(model, await _viewer.GetByteArrayAsync($"{Run}/artifacts/build/dist/model.onnx"));
        var report = Path.Combine(files.Path, "report.json");
        File.WriteAllBytes(report, await _viewer.GetByteArrayAsync($"{Run}/artifacts/test/{Url(ReportPath)}"));

        var source = "git+https://git.example/acme/vision.git@refs/heads/main";
        var result = ProvenanceVerifier.Verify(bundle, [model, report], new EcdsaKeyVerifier(PemKeys.LoadPublicKey(pem)),
            new ProvenanceExpectations(RunProvenance.BuilderId, source), CancellationToken.None);

        result.Reason.ShouldBeNull();
        result.MatchedSubjects.ShouldBe(["build/dist/model.onnx", $"test/{ReportPath}"]);
        result.Statement!.InvocationId.ShouldBe(_runId.ToString());
        result.Statement.Source!.Digest["gitCommit"].ShouldBe(ArtifactTestData.Commit);
        result.Statement.FinishedOn.ShouldBe(new DateTimeOffset(2026, 11, 29, 10, 5, 0, TimeSpan.Zero));

        var stranger = KeyGenerator.Generate(EcCurve.P256);
        ProvenanceVerifier.Verify(bundle, [model], new EcdsaKeyVerifier(PemKeys.LoadPublicKey(stranger.PublicKeyPem)), new(), CancellationToken.None)
            .Failure.ShouldBe(ProvenanceFailure.Signature);
        File.WriteAllBytes(model, [.. Model, 0]);
        ProvenanceVerifier.Verify(bundle, [model], new EcdsaKeyVerifier(PemKeys.LoadPublicKey(pem)), new(), CancellationToken.None)
            .Failure.ShouldBe(ProvenanceFailure.Artifact);
    }

    [Fact]
    public async Task Provenance_is_written_once_and_the_signing_key_file_is_owner_only()
    {
        await _server.FinishRunAsync(_runId);
        await _server.WriteProvenanceAsync(_runId);
        var first = await _viewer.GetByteArrayAsync($"{Run}/provenance");
        await _server.WriteProvenanceAsync(_runId);
        (await _viewer.GetByteArrayAsync($"{Run}/provenance")).ShouldBe(first);

        var keyFile = Path.Combine(_server.Options.DataDirectory, ProvenanceKey.FileName);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.ReadAllText(keyFile).ShouldContain("PRIVATE KEY");
        (await _viewer.GetStringAsync("/api/v1/provenance-key")).ShouldNotContain("PRIVATE");
    }

    [Fact]
    public async Task A_run_without_artifacts_gets_no_provenance()
    {
        var (emptyRun, _) = await _server.SeedRunAsync("vision", "lint");
        await _server.FinishRunAsync(emptyRun);
        await _server.WriteProvenanceAsync(emptyRun);

        using var response = await _viewer.GetAsync($"/api/v1/runs/{emptyRun}/provenance");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _viewer.GetStringAsync($"/api/v1/runs/{emptyRun}/artifacts")).ShouldBe("[]");
    }

    [Fact]
    public async Task Damage_found_mid_download_breaks_the_transfer_instead_of_completing_it()
    {
        var blob = _server.Services.GetRequiredService<BlobStore>().PathOf(ArtifactTestData.Sha256(Model));
        Flip(blob, SegmentedAead.HeaderBytes + 3 * SegmentedAead.CipherSegmentSize + 7);

        var failure = await Should.ThrowAsync<Exception>(async () =>
        {
            using var response = await _viewer.GetAsync($"{Run}/artifacts/build/dist/model.onnx");
            await response.Content.ReadAsByteArrayAsync();
        });
        (failure is HttpRequestException or IOException).ShouldBeTrue(failure.ToString());
    }

    [Fact]
    public async Task Damage_at_the_start_answers_500_before_any_byte_is_sent()
    {
        var blob = _server.Services.GetRequiredService<BlobStore>().PathOf(ArtifactTestData.Sha256(Report));
        Flip(blob, SegmentedAead.HeaderBytes + 1);

        using var response = await _viewer.GetAsync($"{Run}/artifacts/test/{Url(ReportPath)}");
        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("missing or damaged");
        body.ShouldNotContain("accuracy");
        response.Headers.Contains("X-Bulwark-Sha256").ShouldBeFalse();
    }

    private static void Flip(string path, long offset)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x10));
    }
}

public sealed class SqliteArtifactsApiTests() : ArtifactsApiTests(Provider.Sqlite);

public sealed class PostgresArtifactsApiTests() : ArtifactsApiTests(Provider.Postgres);
