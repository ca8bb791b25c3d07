using System.Diagnostics;
using System.Text;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Tests.Dependencies.Manifests.DotNet;
using Bulwark.Scanning.Tests.Dependencies.Manifests.Go;
using Bulwark.Scanning.Tests.Dependencies.Manifests.Java;
using Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;
using Bulwark.Scanning.Tests.Dependencies.Manifests.Rust;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests;

/// <summary>Random bytes and mutated valid samples through every non-Python parser: no exception, no hang.</summary>
public sealed class OtherManifestParsersFuzzTests : IDisposable
{
    private static readonly (string FileName, string Sample)[] Samples =
    [
        ("package-lock.json", NpmSamples.PackageLockV3),
        ("package-lock.json", NpmSamples.PackageLockV1),
        ("package.json", NpmSamples.PackageJson),
        ("yarn.lock", NpmSamples.YarnClassic),
        ("yarn.lock", NpmSamples.YarnBerry),
        ("pnpm-lock.yaml", NpmSamples.PnpmV5),
        ("pnpm-lock.yaml", NpmSamples.PnpmV6),
        ("pnpm-lock.yaml", NpmSamples.PnpmV9),
        ("packages.lock.json", DotNetSamples.PackagesLock),
        ("Orders.csproj", DotNetSamples.Csproj),
        ("Directory.Packages.props", DotNetSamples.DirectoryPackagesProps),
        ("go.mod", GoSamples.GoMod),
        ("go.sum", GoSamples.GoSum),
        ("Cargo.lock", CargoSamples.LockV3),
        ("Cargo.lock", CargoSamples.LockV1),
        ("pom.xml", PomParserTests.Pom),
    ];

    private readonly ManifestHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Every_sample_has_exactly_one_parser()
    {
        foreach (var (fileName, _) in Samples)
        {
            OtherManifestParsers.All.Count(p => p.Matches(fileName)).ShouldBe(1, fileName);
        }
    }

    [Fact]
    public void Mutated_samples_never_throw_and_finish_quickly()
    {
        var random = new Random(20240501);
        foreach (var (fileName, sample) in Samples)
        {
            var parser = OtherManifestParsers.All.Single(p => p.Matches(fileName));
            var valid = Encoding.UTF8.GetBytes(sample);
            var clean = _harness.ParseBytes(parser, fileName, valid);
            clean.Packages.ShouldNotBeEmpty(fileName);
            for (var round = 0; round < 100; round++)
            {
                Check(parser, fileName, Mutate(random, valid));
            }
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(7);
        foreach (var parser in OtherManifestParsers.All)
        {
            var fileName = Samples.First(s => parser.Matches(s.FileName)).FileName;
            for (var round = 0; round < 60; round++)
            {
                var bytes = new byte[random.Next(0, 2048)];
                random.NextBytes(bytes);
                Check(parser, fileName, bytes);
            }
        }
    }

    private void Check(IManifestParser parser, string fileName, byte[] content)
    {
        var clock = Stopwatch.StartNew();
        var result = Should.NotThrow(() => _harness.ParseBytes(parser, fileName, content), $"{parser.Format}: {Encoding.UTF8.GetString(content)}");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2), parser.Format);
        result.Errors.ShouldAllBe(e => e.File == fileName && e.Line >= 0 && e.Column >= 0);
        result.Packages.Count.ShouldBeLessThan(content.Length + 1);
    }

    /// <summary>Byte flips, truncation, a duplicated line or a deleted span.</summary>
    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
                var line = random.Next(lines.Count);
                lines.InsertRange(line, Enumerable.Repeat(lines[line], random.Next(1, 4)));
                return Encoding.UTF8.GetBytes(string.Join('\n', lines));
            default:
                var start = random.Next(bytes.Length);
                var length = random.Next(Math.Min(200, bytes.Length - start) + 1);
                return [.. bytes[..start], .. bytes[(start + length)..]];
        }
    }
}
