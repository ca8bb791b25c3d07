using System.Security.Cryptography;
using Bulwark.Integrity.Hashing;
using Bulwark.Tests.Shared;

namespace Bulwark.Integrity.Tests.Hashing;

public sealed class ShardTests : IDisposable
{
    private readonly TempDirectory temp = new("bulwark-shards-");
    private readonly ModelHasher hasher = new();

    public void Dispose() => temp.Dispose();

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private ModelManifest Shards(long shardSize, int? parallelism = null) =>
        hasher.Hash(temp.Path, new HashingOptions { Method = SerializationMethod.Shards, ShardSize = shardSize, Parallelism = parallelism }, CancellationToken.None);

    [Fact]
    public void File_of_exact_multiple_of_shard_size_has_no_empty_trailing_shard()
    {
        var bytes = Bytes(30);
        File.WriteAllBytes(temp.Combine("w.bin"), bytes);

        var manifest = Shards(10);

        manifest.Resources.Select(r => r.Name).ShouldBe(["w.bin:0:10", "w.bin:10:20", "w.bin:20:30"]);
        manifest.Resources[1].Digest.ShouldBe(SHA256.HashData(bytes.AsSpan(10, 10)));
        manifest.HashAlgorithm.ShouldBe("sha256-sharded-10");
        manifest.Resources.ShouldAllBe(r => r.Algorithm == "sha256-sharded-10");
        manifest.ShardSize.ShouldBe(10);
    }

    [Fact]
    public void Last_shard_is_short_and_small_file_is_one_shard()
    {
        File.WriteAllBytes(temp.Combine("a.bin"), Bytes(25));
        File.WriteAllBytes(temp.Combine("b.bin"), Bytes(4));

        Shards(10).Resources.Select(r => r.Name).ShouldBe(["a.bin:0:10", "a.bin:10:20", "a.bin:20:25", "b.bin:0:4"]);
    }

    [Fact]
    public void Empty_file_has_no_shard_but_is_listed_as_a_file()
    {
        File.WriteAllBytes(temp.Combine("empty.bin"), []);
        File.WriteAllBytes(temp.Combine("x.bin"), Bytes(3));

        var manifest = Shards(10);

        manifest.Resources.Select(r => r.Name).ShouldBe(["x.bin:0:3"]);
        manifest.Files.Select(f => (f.Path, f.Size, f.Sha256.Length)).ShouldBe([("empty.bin", 0L, 0), ("x.bin", 3L, 0)]);
    }

    [Fact]
    public void Shards_sort_numerically_by_start_not_as_text()
    {
        File.WriteAllBytes(temp.Combine("w.bin"), Bytes(120));

        Shards(10).Resources.Select(r => r.Name).Take(3).ShouldBe(["w.bin:0:10", "w.bin:10:20", "w.bin:20:30"]);
        Shards(10).Resources[^1].Name.ShouldBe("w.bin:110:120");
    }

    [Fact]
    public void Single_file_shards_are_named_after_dot()
    {
        var path = temp.Combine("m.bin");
        File.WriteAllBytes(path, Bytes(15));

        hasher.Hash(path, new HashingOptions { Method = SerializationMethod.Shards, ShardSize = 10 }, CancellationToken.None)
            .Resources.Select(r => r.Name).ShouldBe([".:0:10", ".:10:15"]);
    }

    [Fact]
    public void Shards_spanning_several_blocks_match_one_shot_digests_in_parallel_and_sequentially()
    {
        var bytes = Bytes((3 * FileRangeHasher.BlockSize) + 7);
        File.WriteAllBytes(temp.Combine("big.bin"), bytes);
        long shard = (FileRangeHasher.BlockSize * 3 / 2) + 1;

        var parallel = Shards(shard, parallelism: 4);
        var sequential = Shards(shard, parallelism: 1);

        parallel.Resources.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            var start = (int)(i * shard);
            var length = (int)Math.Min(shard, bytes.Length - start);
            parallel.Resources[i].Digest.ShouldBe(SHA256.HashData(bytes.AsSpan(start, length)));
            sequential.Resources[i].Digest.ShouldBe(parallel.Resources[i].Digest);
        }
    }

    [Fact]
    public void Non_positive_shard_size_is_refused()
    {
        Should.Throw<ArgumentException>(() => Shards(0)).Message.ShouldContain("ShardSize");
    }
}
