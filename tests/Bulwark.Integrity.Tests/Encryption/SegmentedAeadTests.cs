using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Integrity.Encryption;

namespace Bulwark.Integrity.Tests.Encryption;

public sealed class SegmentedAeadTests
{
    private const int Segment = SegmentedAead.SegmentSize;
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Context = Encoding.UTF8.GetBytes("sha256/1f2e3d");

    public static TheoryData<int> Sizes => new() { 0, 1, Segment - 1, Segment, Segment + 1, 2 * Segment, 3 * Segment + 17 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_size_round_trips_and_has_the_predicted_length(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var ciphertext = Encrypt(plaintext);
        ciphertext.LongLength.ShouldBe(SegmentedAead.CiphertextLength(size));
        Decrypt(ciphertext).ShouldBe(plaintext);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Async_encryption_and_decryption_match_the_synchronous_ones(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        using var encrypted = new MemoryStream();
        await SegmentedAead.EncryptAsync(new MemoryStream(plaintext), encrypted, Key, Context, CancellationToken.None);
        Decrypt(encrypted.ToArray()).ShouldBe(plaintext);
        using var decrypted = new MemoryStream();
        await SegmentedAead.DecryptAsync(new MemoryStream(Encrypt(plaintext)), decrypted, Key, Context, CancellationToken.None);
        decrypted.ToArray().ShouldBe(plaintext);
    }

    [Fact]
    public void The_decrypting_stream_serves_small_reads_across_segment_boundaries()
    {
        var plaintext = RandomNumberGenerator.GetBytes(2 * Segment + 5);
        using var stream = SegmentedAead.OpenDecrypting(new MemoryStream(Encrypt(plaintext)), Key, Context);
        var result = new MemoryStream();
        var buffer = new byte[7];
        int read;
        while ((read = stream.Read(buffer, 0, 1 + (int)(result.Length % 7))) > 0)
        {
            result.Write(buffer, 0, read);
        }
        result.ToArray().ShouldBe(plaintext);
        stream.Read(buffer).ShouldBe(0, "the end stays the end");
    }

    [Fact]
    public void The_same_plaintext_encrypts_differently_each_time()
    {
        var plaintext = Encoding.UTF8.GetBytes("model weights");
        Encrypt(plaintext).ShouldNotBe(Encrypt(plaintext));
    }

    [Fact]
    public void A_wrong_key_or_context_fails()
    {
        var ciphertext = Encrypt(RandomNumberGenerator.GetBytes(100));
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext, key: RandomNumberGenerator.GetBytes(32)));
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext, context: Encoding.UTF8.GetBytes("sha256/other")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Dropping_whole_final_segments_is_detected(int dropped)
    {
        var ciphertext = Encrypt(RandomNumberGenerator.GetBytes(3 * Segment + 10));
        var cut = ciphertext.Length - 10 - SegmentCipher.TagBytes - (dropped - 1) * SegmentedAead.CipherSegmentSize;
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext[..cut]));
    }

    [Fact]
    public void Dropping_the_final_segment_of_an_exact_multiple_is_detected()
    {
        var ciphertext = Encrypt(RandomNumberGenerator.GetBytes(2 * Segment));
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext[..(SegmentedAead.HeaderBytes + SegmentedAead.CipherSegmentSize)]))
            .Message.ShouldContain("segment 0");
    }

    [Fact]
    public void Appended_bytes_and_appended_segments_are_detected()
    {
        var plaintext = RandomNumberGenerator.GetBytes(Segment);
        var ciphertext = Encrypt(plaintext);
        Should.Throw<SegmentedAeadException>(() => Decrypt([.. ciphertext, 0]));
        var other = Encrypt(RandomNumberGenerator.GetBytes(Segment + 1));
        Should.Throw<SegmentedAeadException>(() => Decrypt([.. ciphertext, .. other.AsSpan(SegmentedAead.HeaderBytes + SegmentedAead.CipherSegmentSize)]));
    }

    [Fact]
    public void Swapped_segments_are_detected()
    {
        var ciphertext = Encrypt(RandomNumberGenerator.GetBytes(3 * Segment));
        var first = SegmentAt(ciphertext, 0).ToArray();
        SegmentAt(ciphertext, 1).CopyTo(SegmentAt(ciphertext, 0));
        first.CopyTo(SegmentAt(ciphertext, 1));
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext));
    }

    [Fact]
    public void A_segment_spliced_from_another_file_under_the_same_key_and_context_is_detected()
    {
        var ciphertext = Encrypt(RandomNumberGenerator.GetBytes(3 * Segment));
        var other = Encrypt(RandomNumberGenerator.GetBytes(3 * Segment));
        SegmentAt(other, 1).CopyTo(SegmentAt(ciphertext, 1));
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext)).Message.ShouldContain("segment 1");
    }

    [Fact]
    public void Header_problems_are_named()
    {
        var ciphertext = Encrypt([1, 2, 3]);
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext[..10])).Message.ShouldContain("too short");
        Should.Throw<SegmentedAeadException>(() => Decrypt(ciphertext[..SegmentedAead.HeaderBytes])).Message.ShouldContain("segments are missing");
        var magic = (byte[])ciphertext.Clone();
        magic[0] ^= 1;
        Should.Throw<SegmentedAeadException>(() => Decrypt(magic)).Message.ShouldContain("not in Bulwark's segmented encryption format");
        var version = (byte[])ciphertext.Clone();
        version[4] = 9;
        Should.Throw<SegmentedAeadException>(() => Decrypt(version)).Message.ShouldContain("version 9");
    }

    [Fact]
    public void A_failed_stream_keeps_failing_and_never_reports_a_clean_end()
    {
        var plaintext = RandomNumberGenerator.GetBytes(2 * Segment + 3);
        var ciphertext = Encrypt(plaintext);
        ciphertext[^1] ^= 0x80;
        using var stream = SegmentedAead.OpenDecrypting(new MemoryStream(ciphertext), Key, Context);
        var buffer = new byte[Segment];
        stream.ReadExactly(buffer);
        buffer.ShouldBe(plaintext[..Segment], "verified segments are released before the damaged one is reached");
        stream.ReadExactly(buffer);
        Should.Throw<SegmentedAeadException>(() => stream.Read(buffer));
        Should.Throw<SegmentedAeadException>(() => stream.Read(buffer));
    }

    [Fact]
    public void Random_mutations_never_decrypt_and_only_raise_the_format_exception()
    {
        var random = new Random(20261129);
        var plaintext = new byte[2 * Segment + 300];
        random.NextBytes(plaintext);
        var original = Encrypt(plaintext);
        var clock = Stopwatch.StartNew();
        var tried = 0;
        for (; tried < 400 && clock.Elapsed < TimeSpan.FromSeconds(20); tried++)
        {
            var mutated = Mutate(original, random);
            if (mutated.AsSpan().SequenceEqual(original))
            {
                continue;
            }
            try
            {
                Decrypt(mutated);
                throw new ShouldAssertException($"mutation {tried} decrypted successfully");
            }
            catch (SegmentedAeadException)
            {
            }
        }
        tried.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void Random_bytes_never_decrypt()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(0, 3 * SegmentedAead.CipherSegmentSize)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length >= 5)
            {
                SegmentedAead.Magic.CopyTo(garbage);
                garbage[4] = SegmentedAead.Version;
            }
            Should.Throw<SegmentedAeadException>(() => Decrypt(garbage));
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        switch (random.Next(7))
        {
            case 0:
                var at = random.Next(bytes.Count);
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes.RemoveRange(random.Next(bytes.Count), 1);
                break;
            case 2:
                bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                break;
            case 3:
                return original[..random.Next(original.Length)];
            case 4:
                var start = random.Next(bytes.Count);
                bytes.RemoveRange(start, random.Next(1, bytes.Count - start + 1));
                break;
            case 5:
                var from = random.Next(original.Length);
                var length = random.Next(1, Math.Min(4096, original.Length - from) + 1);
                bytes.InsertRange(random.Next(bytes.Count + 1), original.AsSpan(from, length).ToArray());
                break;
            default:
                for (var n = random.Next(1, 20); n > 0; n--)
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }
                break;
        }
        return [.. bytes];
    }

    private static Span<byte> SegmentAt(byte[] ciphertext, int index) =>
        ciphertext.AsSpan(SegmentedAead.HeaderBytes + index * SegmentedAead.CipherSegmentSize, SegmentedAead.CipherSegmentSize);

    private static byte[] Encrypt(byte[] plaintext)
    {
        using var output = new MemoryStream();
        SegmentedAead.Encrypt(new MemoryStream(plaintext), output, Key, Context);
        return output.ToArray();
    }

    private static byte[] Decrypt(byte[] ciphertext, byte[]? key = null, byte[]? context = null)
    {
        using var output = new MemoryStream();
        SegmentedAead.Decrypt(new MemoryStream(ciphertext), output, key ?? Key, context ?? Context);
        return output.ToArray();
    }
}
