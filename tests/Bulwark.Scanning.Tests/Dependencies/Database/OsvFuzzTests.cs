using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Bulwark.Scanning.Dependencies.Advisories;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Scanning.Tests.Dependencies.Database;

/// <summary>Random and mutated OSV documents, archives and index files: clean errors only, never a crash or a hang.</summary>
public sealed class OsvFuzzTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-osv-fuzz-");

    public void Dispose() => _temp.Dispose();

    private static byte[] Mutate(Random random, byte[] original)
    {
        var mutated = (byte[])original.Clone();
        for (var e = random.Next(1, 8); e > 0; e--)
        {
            var at = random.Next(mutated.Length);
            mutated[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)"{}[]\":,0"[random.Next(8)],
                _ => mutated[random.Next(mutated.Length)],
            };
        }
        return random.Next(6) == 0 ? mutated[..random.Next(mutated.Length)] : mutated;
    }

    [Fact]
    public void The_advisory_parser_accepts_or_rejects_cleanly()
    {
        var documents = new List<byte[]>();
        using (var archive = ZipFile.OpenRead(OsvFixtures.PyPIArchive))
        {
            foreach (var entry in archive.Entries.Take(40))
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                documents.Add(copy.ToArray());
            }
        }
        var random = new Random(5);
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < 4_000; round++)
        {
            var input = round % 10 == 0
                ? Encoding.UTF8.GetBytes(new string((char)random.Next(1, 128), random.Next(0, 200)))
                : Mutate(random, documents[random.Next(documents.Count)]);
            try
            {
                var result = OsvAdvisoryParser.Parse(input);
                result.Advisory.Id.ShouldNotBeNullOrWhiteSpace();
            }
            catch (OsvFormatException ex)
            {
                ex.Message.ShouldNotBeNullOrWhiteSpace();
            }
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Deeply_nested_documents_are_rejected_not_recursed()
    {
        var deep = Encoding.UTF8.GetBytes("{\"id\":\"X\",\"affected\":" + new string('[', 100_000) + new string(']', 100_000) + "}");
        Should.Throw<OsvFormatException>(() => OsvAdvisoryParser.Parse(deep)).Message.ShouldContain("invalid JSON");
    }

    [Fact]
    public async Task A_mutated_index_fails_with_a_database_error_or_reads_consistently()
    {
        var data = _temp.Combine("data");
        await new AdvisoryDatabaseUpdater(new FakeTimeProvider(), null).UpdateAsync(data, [OsvFixtures.PyPIArchive], null, CancellationToken.None);
        var original = await File.ReadAllBytesAsync(IndexFormat.PathIn(data));
        var random = new Random(9);
        var path = _temp.Combine("mutated.idx");
        for (var round = 0; round < 60; round++)
        {
            await File.WriteAllBytesAsync(path, Mutate(random, original));
            try
            {
                using var index = AdvisoryIndex.TryOpen(path)!;
                var count = index.All().Count();
                index.Find("PyPI", "django").Count.ShouldBeLessThanOrEqualTo(count);
            }
            catch (AdvisoryDatabaseException ex)
            {
                ex.Message.ShouldContain("bulwark deps db update");
            }
        }
    }

    [Fact]
    public async Task Random_bytes_named_like_an_archive_are_refused()
    {
        var random = new Random(3);
        for (var round = 0; round < 20; round++)
        {
            var path = _temp.Combine($"junk{round}.zip");
            var junk = new byte[random.Next(0, 5_000)];
            random.NextBytes(junk);
            await File.WriteAllBytesAsync(path, junk);
            await Should.ThrowAsync<AdvisoryDatabaseException>(() =>
                new AdvisoryDatabaseUpdater(new FakeTimeProvider(), null).UpdateAsync(_temp.Combine("data"), [path], null, CancellationToken.None));
        }
    }
}
