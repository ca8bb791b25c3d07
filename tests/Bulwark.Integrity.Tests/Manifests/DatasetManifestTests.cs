using System.Security.Cryptography;
using System.Text;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.Manifests;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Integrity.Tests.Manifests;

public sealed class DatasetManifestTests : IDisposable
{
    private readonly TempDirectory temp = new("bulwark-dataset-");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));

    public void Dispose() => temp.Dispose();

    private DatasetManifest Create() => DatasetManifests.Create(temp.Path, time, CancellationToken.None);

    [Fact]
    public void Create_lists_files_with_sizes_and_a_root_digest_over_the_file_digests()
    {
        temp.Write("train/b.csv", "b,2");
        temp.Write("train/a.csv", "a,1");

        var manifest = Create();

        manifest.Files.Select(f => f.Path).ShouldBe(["train/a.csv", "train/b.csv"]);
        manifest.Files[0].Size.ShouldBe(3);
        manifest.RootDigest.ShouldBe(SHA256.HashData([.. SHA256.HashData("a,1"u8), .. SHA256.HashData("b,2"u8)]));
        manifest.Created.ShouldBe(time.GetUtcNow());
    }

    [Fact]
    public void Json_is_deterministic_and_round_trips()
    {
        temp.Write("x.bin", "x");
        temp.Write("d/y.bin", "yy");
        var manifest = Create();

        var json = DatasetManifestWriter.Write(manifest);
        var loaded = DatasetManifestReader.Parse(json, "m.json");

        loaded.Error.ShouldBeNull();
        DatasetManifestWriter.Write(loaded.Manifest!).ShouldBe(json);
        loaded.Manifest!.Created.ShouldBe(manifest.Created);
        Encoding.UTF8.GetString(json).ShouldBe($$"""
            {
              "version": 1,
              "algorithm": "sha256",
              "rootDigest": "{{Convert.ToHexStringLower(manifest.RootDigest)}}",
              "created": "2025-03-04T05:06:07.0000000Z",
              "files": [
                {
                  "path": "d/y.bin",
                  "size": 2,
                  "sha256": "{{Convert.ToHexStringLower(SHA256.HashData("yy"u8))}}"
                },
                {
                  "path": "x.bin",
                  "size": 1,
                  "sha256": "{{Convert.ToHexStringLower(SHA256.HashData("x"u8))}}"
                }
              ]
            }

            """);
    }

    [Fact]
    public void Load_reads_a_written_file_and_reports_a_missing_one()
    {
        temp.Write("x.bin", "x");
        var path = temp.Combine("manifest.json");
        File.WriteAllBytes(path, DatasetManifestWriter.Write(Create()));

        DatasetManifestReader.Load(path).Manifest.ShouldNotBeNull();
        DatasetManifestReader.Load(temp.Combine("none.json")).Error!.ShouldContain("none.json: cannot read");
    }

    [Fact]
    public void Diff_reports_added_removed_and_changed_files_with_sizes()
    {
        temp.Write("same.csv", "s");
        temp.Write("gone.csv", "g");
        temp.Write("edit.csv", "old");
        var before = Create();
        File.Delete(temp.Combine("gone.csv"));
        temp.Write("edit.csv", "newer");
        temp.Write("new/one.csv", "n");

        var diff = DatasetDiff.CompareWithFolder(before, temp.Path, time, CancellationToken.None);

        diff.Added.Select(f => f.Path).ShouldBe(["new/one.csv"]);
        diff.Removed.Select(f => f.Path).ShouldBe(["gone.csv"]);
        diff.Changed.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.Path.ShouldBe("edit.csv"),
            c => c.OldSize.ShouldBe(3),
            c => c.NewSize.ShouldBe(5),
            c => c.NewSha256.ShouldBe(SHA256.HashData("newer"u8)));
        diff.IsEmpty.ShouldBeFalse();
    }

    [Fact]
    public void Diff_of_identical_manifests_is_empty_and_same_size_edit_is_a_change()
    {
        temp.Write("a.csv", "aaa");
        var before = Create();
        DatasetDiff.Compare(before, Create()).IsEmpty.ShouldBeTrue();

        temp.Write("a.csv", "bbb");
        DatasetDiff.Compare(before, Create()).Changed.ShouldHaveSingleItem().OldSize.ShouldBe(3);
    }

    [Fact]
    public void Create_honours_ignore_paths_and_forces_the_files_method()
    {
        temp.Write("data.csv", "d");
        temp.Write("cache/tmp.bin", "t");

        var manifest = DatasetManifests.Create(temp.Path, time, CancellationToken.None,
            new HashingOptions { Method = SerializationMethod.Shards, IgnorePaths = ["cache"] });

        manifest.Files.ShouldHaveSingleItem().Sha256.ShouldBe(SHA256.HashData("d"u8));
    }
}
