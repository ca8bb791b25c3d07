using System.Net;
using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Advisories;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Scanning.Tests.Dependencies.Database;

public sealed class AdvisoryDatabaseUpdaterTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-osv-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private string DataDir => _temp.Combine("data");

    public void Dispose() => _temp.Dispose();

    private Task<DatabaseUpdateResult> Update(params string[] sources) =>
        new AdvisoryDatabaseUpdater(_time, null).UpdateAsync(DataDir, sources, null, CancellationToken.None);

    private AdvisoryIndex Open() => AdvisoryIndex.TryOpen(IndexFormat.PathIn(DataDir)).ShouldNotBeNull();

    [Fact]
    public async Task Imports_the_real_PyPI_archive_and_finds_advisories_by_any_spelling_of_a_name()
    {
        var result = await Update(OsvFixtures.PyPIArchive);

        result.Imported.ShouldBe(2661);
        using var index = Open();
        var pypi = index.Info.Ecosystems.ShouldHaveSingleItem();
        pypi.Ecosystem.ShouldBe("PyPI");
        pypi.Advisories.ShouldBe(2661);
        // A local archive is as old as its newest advisory, not as old as the import.
        pypi.SnapshotAt.ShouldBeLessThan(new DateTimeOffset(2024, 10, 11, 0, 0, 0, TimeSpan.Zero));
        pypi.ImportedAt.ShouldBe(_time.GetUtcNow());

        var advisories = index.Find("PyPI", "AccessControl");
        advisories.ShouldContain(a => a.Id == "PYSEC-2021-335");
        var advisory = advisories.Single(a => a.Id == "PYSEC-2021-335");
        advisory.Aliases.ShouldBe(["CVE-2021-32807", "GHSA-qcx9-j53g-ccgf"]);
        var affected = advisory.Affected.ShouldHaveSingleItem();
        affected.Ranges.ShouldHaveSingleItem().Type.ShouldBe(RangeType.Ecosystem); // the GIT range is dropped
        affected.Ranges[0].Events.ShouldBe([
            new RangeEvent(RangeEventKind.Introduced, "4.0"), new RangeEvent(RangeEventKind.Fixed, "4.3"),
            new RangeEvent(RangeEventKind.Introduced, "5.0"), new RangeEvent(RangeEventKind.Fixed, "5.2")]);
        index.Find("PyPI", "access_control").ShouldBeEmpty();
        index.Find("PyPI", "ACCESSCONTROL").Count.ShouldBe(advisories.Count);
    }

    [Fact]
    public async Task Importing_one_ecosystem_keeps_the_others_and_replaces_its_own()
    {
        var npm = OsvFixtures.Zip(_temp.Combine("npm.zip"),
            OsvFixtures.Advisory("GHSA-npm-1", "npm", "lodash", [("introduced", "0"), ("fixed", "4.17.21")]));
        var pypiV1 = OsvFixtures.Zip(_temp.Combine("pypi1.zip"),
            OsvFixtures.Advisory("PYSEC-1", "PyPI", "numpy", [("introduced", "0"), ("fixed", "1.22.0")]));
        var pypiV2 = OsvFixtures.Zip(_temp.Combine("pypi2.zip"),
            OsvFixtures.Advisory("PYSEC-2", "PyPI", "pillow", [("introduced", "0"), ("fixed", "10.0.1")]));

        await Update(npm);
        await Update(pypiV1);
        var result = await Update(pypiV2);

        result.CarriedOver.ShouldBe(1);
        using var index = Open();
        index.Find("npm", "lodash").ShouldHaveSingleItem().Id.ShouldBe("GHSA-npm-1");
        index.Find("PyPI", "pillow").ShouldHaveSingleItem();
        index.Find("PyPI", "numpy").ShouldBeEmpty();
        index.Info.Ecosystems.Select(e => e.Ecosystem).ShouldBe(["npm", "PyPI"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_advisory_in_two_archives_is_stored_once()
    {
        var shared = OsvFixtures.Advisory("GHSA-both", "PyPI", "requests", [("introduced", "0"), ("fixed", "2.31.0")]);
        await Update(OsvFixtures.Zip(_temp.Combine("a.zip"), shared), OsvFixtures.Zip(_temp.Combine("b.zip"), shared));

        using var index = Open();
        index.Find("PyPI", "requests").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Unknown_ecosystems_and_invalid_documents_are_counted_not_fatal()
    {
        var folder = _temp.Combine("folder");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "good.json"), OsvFixtures.Advisory("PYSEC-9", "PyPI", "torch", [("introduced", "0"), ("fixed", "2.2.0")]));
        File.WriteAllText(Path.Combine(folder, "debian.json"), OsvFixtures.Advisory("DSA-1", "Debian:12", "openssl", [("introduced", "0"), ("fixed", "3.0.1")]));
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{\"id\": \"X\", \"affected\": [");
        File.WriteAllText(Path.Combine(folder, "array.json"), "[1, 2]");

        var result = await Update(folder);

        result.Imported.ShouldBe(1);
        result.InvalidCount.ShouldBe(2);
        result.Invalid.ShouldContain(i => i.StartsWith("broken.json: invalid JSON at line 1", StringComparison.Ordinal));
        result.SkippedEcosystems["Debian:12"].ShouldBe(1);
    }

    [Fact]
    public async Task Withdrawn_date_and_severity_survive_the_index()
    {
        await Update(OsvFixtures.Zip(_temp.Combine("w.zip"),
            OsvFixtures.Advisory("GHSA-w", "PyPI", "flask", [("introduced", "0"), ("fixed", "2.3.2")],
                cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", databaseSeverity: "HIGH", withdrawn: "2024-07-01T00:00:00Z")));

        using var index = Open();
        var advisory = index.Find("PyPI", "Flask").ShouldHaveSingleItem();
        advisory.Withdrawn.ShouldBe(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));
        advisory.Severity.ShouldHaveSingleItem().Score.ShouldStartWith("CVSS:3.1/");
        advisory.DatabaseSeverity.ShouldBe("HIGH");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("corrupted")]
    [InlineData("empty")]
    [InlineData("missing")]
    public async Task A_bad_archive_is_rejected_and_the_current_index_is_untouched(string damage)
    {
        await Update(OsvFixtures.PyPIArchive);
        var before = await File.ReadAllBytesAsync(IndexFormat.PathIn(DataDir));
        var bad = _temp.Combine("bad.zip");
        var good = await File.ReadAllBytesAsync(OsvFixtures.PyPIArchive);
        switch (damage)
        {
            case "truncated":
                await File.WriteAllBytesAsync(bad, good[..(good.Length / 2)]);
                break;
            case "corrupted":
                // Flip bytes inside compressed data: the CRC or the inflater notices.
                var copy = (byte[])good.Clone();
                for (var i = 5_000; i < 400_000; i += 997)
                {
                    copy[i] ^= 0x5A;
                }
                await File.WriteAllBytesAsync(bad, copy);
                break;
            case "empty":
                OsvFixtures.Zip(bad);
                break;
        }

        var error = await Should.ThrowAsync<AdvisoryDatabaseException>(() => Update(bad));

        error.Message.ShouldContain("bad.zip");
        (await File.ReadAllBytesAsync(IndexFormat.PathIn(DataDir))).ShouldBe(before);
        Directory.GetFiles(IndexFormat.Folder(DataDir)).Select(Path.GetFileName).ShouldBe([IndexFormat.FileName]);
    }

    [Fact]
    public async Task A_damaged_index_is_reported_with_the_command_that_repairs_it()
    {
        await Update(OsvFixtures.PyPIArchive);
        var path = IndexFormat.PathIn(DataDir);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[40] ^= 0xFF;
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var error = Should.Throw<AdvisoryDatabaseException>(() =>
        {
            using var index = AdvisoryIndex.TryOpen(path);
            foreach (var advisory in index!.All())
            {
                advisory.Id.ShouldNotBeNull();
            }
        });
        error.Message.ShouldContain("bulwark deps db update");
    }

    [Fact]
    public async Task Downloads_from_a_mirror_url_and_dates_the_snapshot_at_download_time()
    {
        var zip = await File.ReadAllBytesAsync(OsvFixtures.PyPIArchive);
        using var server = new LoopbackFileServer(zip);
        using var http = new HttpClient();
        var updater = new AdvisoryDatabaseUpdater(_time, new AdvisoryDownloader(http));

        var result = await updater.UpdateAsync(DataDir, [server.Url + "PyPI/all.zip"], null, CancellationToken.None);

        result.Imported.ShouldBe(2661);
        result.Info.Ecosystems.ShouldHaveSingleItem().SnapshotAt.ShouldBe(_time.GetUtcNow());
        server.RequestedPaths.ShouldBe(["/PyPI/all.zip"]);

        var missing = await Should.ThrowAsync<AdvisoryDatabaseException>(() =>
            updater.UpdateAsync(DataDir, [server.Url + "nothing-here"], null, CancellationToken.None));
        missing.Message.ShouldContain("404");
        Directory.GetFiles(IndexFormat.Folder(DataDir)).Select(Path.GetFileName).ShouldBe([IndexFormat.FileName]);
    }

    [Fact]
    public void Default_sources_are_one_all_zip_per_audited_ecosystem()
    {
        AdvisoryDatabaseUpdater.DefaultSources("https://mirror.example/osv/").ShouldBe(
            Ecosystems.All.Select(e => $"https://mirror.example/osv/{Uri.EscapeDataString(e)}/all.zip"));
    }

    /// <summary>A one-file HTTP server on loopback: serves the bytes for any path ending in all.zip, 404 otherwise.</summary>
    private sealed class LoopbackFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _body;

        public LoopbackFileServer(byte[] body)
        {
            _body = body;
            var port = LoopbackPort.Free();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public List<string> RequestedPaths { get; } = [];

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                var path = context.Request.Url!.AbsolutePath;
                lock (RequestedPaths)
                {
                    RequestedPaths.Add(path);
                }
                if (path.EndsWith("all.zip", StringComparison.Ordinal))
                {
                    context.Response.ContentLength64 = _body.Length;
                    await context.Response.OutputStream.WriteAsync(_body);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }
                context.Response.Close();
            }
        }
    }
}
