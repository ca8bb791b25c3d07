using System.Diagnostics;
using System.Text;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.Manifests;
using CsCheck;

namespace Bulwark.Integrity.Tests.Manifests;

public sealed class DatasetManifestReaderTests
{
    private static readonly byte[] Valid = DatasetManifestWriter.Write(Sample());

    private static DatasetManifest Sample()
    {
        FileEntry[] files = [new("a/b.csv", 3, new byte[32]), new("c.csv", 0, Enumerable.Repeat((byte)0xAB, 32).ToArray())];
        return new DatasetManifest(1, "sha256", DatasetManifests.RootDigest(files), files, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    private static string Error(string json) => DatasetManifestReader.Parse(Encoding.UTF8.GetBytes(json), "m.json").Error!;

    private static string Mutate(string from, string to) => Encoding.UTF8.GetString(Valid).Replace(from, to, StringComparison.Ordinal);

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 2", "m.json: version: 2 is not supported")]
    [InlineData("\"algorithm\": \"sha256\"", "\"algorithm\": \"md5\"", "algorithm: 'md5' is not supported")]
    [InlineData("\"path\": \"a/b.csv\"", "\"path\": \"../b.csv\"", "files[0].path: expected a relative path")]
    [InlineData("\"path\": \"a/b.csv\"", "\"path\": \"/etc/passwd\"", "files[0].path")]
    [InlineData("\"path\": \"a/b.csv\"", "\"path\": \"d.csv\"", "files[1].path: 'c.csv' is out of order or repeated")]
    [InlineData("\"size\": 3", "\"size\": -1", "files[0].size: expected a non-negative integer")]
    [InlineData("\"size\": 3", "\"size\": 3, \"mode\": 1", "files[0]: unknown property 'mode'")]
    [InlineData("\"size\": 3", "\"size\": 3, \"size\": 4", "invalid JSON")]
    [InlineData("\"size\": 0", "\"size\": 0.5", "files[1].size")]
    [InlineData("\"created\": \"2025-01-02T03:04:05.0000000Z\"", "\"created\": \"yesterday\"", "created: 'yesterday' is not a UTC timestamp")]
    [InlineData("\"version\": 1,", "", "version: missing")]
    [InlineData("\"version\": 1,", "\"version\": 1, \"extra\": true,", "unknown property 'extra'")]
    public void Malformed_manifest_is_an_error_naming_the_place(string from, string to, string expected)
    {
        Error(Mutate(from, to)).ShouldContain(expected);
    }

    [Fact]
    public void Tampered_file_digest_no_longer_matches_the_root_digest()
    {
        Error(Mutate(new string('0', 64), "1" + new string('0', 63))).ShouldContain("rootDigest: does not match the digests of the files");
    }

    [Fact]
    public void Uppercase_digest_is_refused()
    {
        Error(Mutate(new string('0', 64), new string('A', 64))).ShouldContain("files[0].sha256: expected 64 lowercase hex characters");
    }

    [Fact]
    public void Syntax_error_reports_line_and_column()
    {
        Error("{\n  \"version\": 1,\n  oops\n}").ShouldStartWith("m.json: line 3, column 3: invalid JSON");
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_an_error_with_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"version\": \"x\"}");
        bytes[15] = 0xA0;

        DatasetManifestReader.Parse(bytes, "m.json").Error.ShouldBe("m.json: line 2, column 14: not valid UTF-8");
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        Error(new string('[', 10_000) + new string(']', 10_000)).ShouldContain("invalid JSON");
    }

    [Fact]
    public void Random_and_mutated_input_never_throws_and_finishes_quickly()
    {
        var clock = Stopwatch.StartNew();
        Gen.Byte.Array[0, 2048].Sample(bytes => DatasetManifestReader.Parse(bytes, "fuzz").Error is not null, iter: 500);
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte, Gen.Int[0, 2]).Array[1, 8].Sample(edits =>
        {
            var bytes = Valid.ToList();
            foreach (var (position, value, kind) in edits)
            {
                var at = Math.Min(position, bytes.Count - 1);
                if (kind == 0 && bytes.Count > 1)
                {
                    bytes.RemoveAt(at);
                }
                else if (kind == 1)
                {
                    bytes.Insert(at, value);
                }
                else
                {
                    bytes[at] = value;
                }
            }
            var result = DatasetManifestReader.Parse(bytes.ToArray(), "fuzz");
            return (result.Manifest is null) != (result.Error is null);
        }, iter: 2000);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }
}
