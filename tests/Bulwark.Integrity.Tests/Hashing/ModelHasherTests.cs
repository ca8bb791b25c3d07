using System.Security.Cryptography;
using System.Text;
using Bulwark.Integrity.Hashing;
using Bulwark.Tests.Shared;

namespace Bulwark.Integrity.Tests.Hashing;

public sealed class ModelHasherTests : IDisposable
{
    private readonly TempDirectory temp = new("bulwark-hash-");
    private readonly ModelHasher hasher = new();

    public void Dispose() => temp.Dispose();

    private static string Sha(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private ModelManifest Hash(HashingOptions? options = null) => hasher.Hash(temp.Path, options ?? new HashingOptions(), CancellationToken.None);

    [Fact]
    public void Files_method_lists_every_file_by_relative_path_with_its_sha256()
    {
        temp.Write("config.json", "{}");
        temp.Write("weights/part-1.bin", "one");
        temp.Write("weights/nested/part-2.bin", "two");
        temp.Write("empty", "");

        var manifest = Hash();

        manifest.Method.ShouldBe(SerializationMethod.Files);
        manifest.HashAlgorithm.ShouldBe("sha256");
        manifest.Resources.Select(r => (r.Name, r.Algorithm, r.Hex)).ShouldBe(
        [
            ("config.json", "sha256", Sha("{}")),
            ("empty", "sha256", Sha("")),
            ("weights/nested/part-2.bin", "sha256", Sha("two")),
            ("weights/part-1.bin", "sha256", Sha("one")),
        ]);
        manifest.Files.Select(f => (f.Path, f.Size, Convert.ToHexStringLower(f.Sha256))).ShouldBe(
        [
            ("config.json", 2L, Sha("{}")),
            ("empty", 0L, Sha("")),
            ("weights/nested/part-2.bin", 3L, Sha("two")),
            ("weights/part-1.bin", 3L, Sha("one")),
        ]);
    }

    [Fact]
    public void Names_sort_by_path_component_so_a_folder_precedes_a_sibling_with_a_longer_name()
    {
        temp.Write("a-b", "1");
        temp.Write("a/b", "2");
        temp.Write("B", "3");
        temp.Write("a.txt", "4");

        // Python's PurePath order: compare components, so "a" < "a-b" < "a.txt" and "a/b" comes first.
        Hash().Resources.Select(r => r.Name).ShouldBe(["B", "a/b", "a-b", "a.txt"]);
    }

    [Fact]
    public void Single_file_model_is_one_resource_named_dot()
    {
        var file = temp.Write("model.safetensors", "weights");

        var manifest = hasher.Hash(file, new HashingOptions(), CancellationToken.None);

        manifest.Resources.ShouldHaveSingleItem().Name.ShouldBe(".");
        manifest.Resources[0].Hex.ShouldBe(Sha("weights"));
        manifest.Files.ShouldHaveSingleItem().ShouldSatisfyAllConditions(f => f.Path.ShouldBe("."), f => f.Size.ShouldBe(7));
    }

    [Fact]
    public void Default_ignores_leave_out_git_metadata_at_the_root_only()
    {
        temp.Write(".git/HEAD", "ref");
        temp.Write(".gitattributes", "*.bin lfs");
        temp.Write(".gitignore", "x");
        temp.Write(".github/workflows/ci.yml", "on: push");
        temp.Write("sub/.gitignore", "kept: defaults are relative to the root");
        temp.Write("model.bin", "m");

        var manifest = Hash();

        manifest.Resources.Select(r => r.Name).ShouldBe(["model.bin", "sub/.gitignore"]);
        manifest.Ignored.ShouldBe([".git", ".gitattributes", ".github", ".gitignore"]);
    }

    [Fact]
    public void Given_ignores_leave_out_files_and_whole_folders()
    {
        temp.Write("model.sig", "signature");
        temp.Write("cache/a.bin", "a");
        temp.Write("cache/deep/b.bin", "b");
        temp.Write("keep/cache/c.bin", "c");
        temp.Write("model.bin", "m");

        var manifest = Hash(new HashingOptions { IgnorePaths = ["model.sig", "./cache/", "keep\\cache\\c.bin"] });

        manifest.Resources.Select(r => r.Name).ShouldBe(["model.bin"]);
        manifest.Ignored.ShouldBe(["cache", "keep/cache/c.bin", "model.sig"]);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../outside")]
    [InlineData("a/../../b")]
    [InlineData("")]
    public void Ignore_paths_outside_the_root_are_refused_naming_the_setting(string ignore)
    {
        temp.Write("model.bin", "m");

        Should.Throw<ArgumentException>(() => Hash(new HashingOptions { IgnorePaths = [ignore] })).Message.ShouldContain("IgnorePaths");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Parallelism_out_of_range_is_refused(int parallelism)
    {
        Should.Throw<ArgumentException>(() => Hash(new HashingOptions { Parallelism = parallelism })).Message.ShouldContain("Parallelism");
    }

    [Fact]
    public void Missing_model_path_is_an_error_naming_it()
    {
        var missing = temp.Combine("nope");

        Should.Throw<ModelHashingException>(() => hasher.Hash(missing, new HashingOptions(), CancellationToken.None)).Message.ShouldContain(missing);
    }

    [Fact]
    public void Parallel_result_equals_sequential_result()
    {
        var random = new Random(7);
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(0, 3 * FileRangeHasher.BlockSize)];
            random.NextBytes(bytes);
            var file = temp.Combine($"d{i % 4}/f{i}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }

        var sequential = Hash(new HashingOptions { Parallelism = 1 });
        var parallel = Hash(new HashingOptions { Parallelism = 8 });

        parallel.Resources.Select(r => (r.Name, r.Hex)).ShouldBe(sequential.Resources.Select(r => (r.Name, r.Hex)));
        sequential.Resources.Count.ShouldBe(40);
    }

    [Fact]
    public void Multi_block_file_digest_equals_one_shot_sha256()
    {
        var bytes = new byte[(FileRangeHasher.BlockSize * 3) + 12345];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(temp.Combine("big.bin"), bytes);

        Hash().Resources.ShouldHaveSingleItem().Digest.ShouldBe(SHA256.HashData(bytes));
    }

    [Fact]
    public void File_growing_while_hashed_is_an_error()
    {
        temp.Write("model.bin", "original content");
        var growing = new ModelHasher(file => File.AppendAllText(file.OpenPath, "more"));

        Should.Throw<ModelHashingException>(() => growing.Hash(temp.Path, new HashingOptions(), CancellationToken.None))
            .Message.ShouldContain("'model.bin' changed while hashing");
    }

    [Fact]
    public void File_rewritten_with_the_same_size_while_hashed_is_an_error()
    {
        var path = temp.Write("model.bin", "original content");
        var rewriting = new ModelHasher(file => File.SetLastWriteTimeUtc(path, file.LastWriteUtc.AddSeconds(5)));

        Should.Throw<ModelHashingException>(() => rewriting.Hash(temp.Path, new HashingOptions(), CancellationToken.None))
            .Message.ShouldContain("changed while hashing");
    }

    [Fact]
    public void Empty_file_that_gains_content_while_hashed_is_an_error()
    {
        temp.Write("empty.bin", "");
        var growing = new ModelHasher(file => File.AppendAllText(file.OpenPath, "x"));

        Should.Throw<ModelHashingException>(() => growing.Hash(temp.Path, new HashingOptions(), CancellationToken.None))
            .Message.ShouldContain("changed while hashing");
    }

    [Fact]
    public void Cancellation_stops_hashing()
    {
        temp.Write("model.bin", "m");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() => hasher.Hash(temp.Path, new HashingOptions(), cancelled.Token));
    }
}
