using System.Security.Cryptography;
using System.Text;
using Bulwark.Integrity.Encryption;
using Bulwark.Server.Blobs;
using Bulwark.Server.Configuration;
using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Artifacts;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TempDirectory _data = new("bulwark-blobs-");
    private readonly BlobStore _store;

    public BlobStoreTests() => _store = NewStore(_data.Path);

    public void Dispose() => _data.Dispose();

    private static BlobStore NewStore(string dataDirectory) =>
        new(new ServerOptions { DataDirectory = dataDirectory }, MasterKey.LoadOrCreate(dataDirectory, _ => null));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SegmentedAead.SegmentSize)]
    [InlineData(3 * SegmentedAead.SegmentSize + 1)]
    public async Task Content_round_trips_and_is_stored_encrypted_under_its_digest(int size)
    {
        var content = Marked(size);
        var digest = await PutAsync(content);

        var path = _store.PathOf(digest);
        path.ShouldBe(Path.Combine(_data.Path, "blobs", "sha256", digest[..2], digest));
        File.Exists(path).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (size >= 32)
        {
            Contains(File.ReadAllBytes(path), content.AsSpan(0, 32)).ShouldBeFalse("the plaintext must not be on disk");
        }
        (await ReadAsync(digest)).ShouldBe(content);
    }

    [Fact]
    public async Task Storing_the_same_content_twice_keeps_one_file_and_leaves_no_temporary_files()
    {
        var content = Marked(100_000);
        var digest = await PutAsync(content);
        var before = File.ReadAllBytes(_store.PathOf(digest));
        await PutAsync(content);

        File.ReadAllBytes(_store.PathOf(digest)).ShouldBe(before, "an existing blob is kept");
        Directory.GetFiles(Path.GetDirectoryName(_store.PathOf(digest))!).ShouldBe([_store.PathOf(digest)]);
    }

    [Fact]
    public async Task A_digest_mismatch_is_rejected_and_leaves_nothing_behind()
    {
        var content = Marked(70_000);
        var wrong = Convert.ToHexStringLower(SHA256.HashData("something else"u8));

        var failure = await Should.ThrowAsync<BlobRejectedException>(() => _store.PutAsync(new MemoryStream(content), wrong, content.Length, 1 << 20, CancellationToken.None));

        failure.Message.ShouldContain("was declared");
        _store.Exists(wrong).ShouldBeFalse();
        BlobFiles().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task A_length_mismatch_is_rejected_and_leaves_nothing_behind(int difference)
    {
        var content = Marked(5_000);
        var digest = Digest(content);

        await Should.ThrowAsync<BlobRejectedException>(() => _store.PutAsync(new MemoryStream(content), digest, content.Length + difference, 1 << 20, CancellationToken.None));

        _store.Exists(digest).ShouldBeFalse();
        BlobFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task Content_longer_than_declared_is_cut_off_without_reading_it_all()
    {
        var endless = new EndlessStream();
        await Should.ThrowAsync<BlobRejectedException>(() => _store.PutAsync(endless, new string('a', 64), 10, 1 << 20, CancellationToken.None));
        endless.Served.ShouldBeLessThan(1L << 20);
    }

    [Fact]
    public async Task An_oversized_declaration_is_refused_before_reading()
    {
        var endless = new EndlessStream();
        var failure = await Should.ThrowAsync<BlobRejectedException>(() => _store.PutAsync(endless, new string('a', 64), 2_000, 1_000, CancellationToken.None));
        failure.Message.ShouldContain("more than the limit of 1000 bytes");
        endless.Served.ShouldBe(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("xyz")]
    [InlineData("../../../../etc/passwd0000000000000000000000000000000000000000000")]
    public async Task A_malformed_digest_is_refused(string digest)
    {
        await Should.ThrowAsync<BlobRejectedException>(() => _store.PutAsync(new MemoryStream([1]), digest, 1, 10, CancellationToken.None));
        Should.Throw<ArgumentException>(() => _store.PathOf(digest));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_nothing_behind()
    {
        using var cancel = new CancellationTokenSource();
        var content = new CancellingStream(Marked(500_000), cancel, after: 200_000);
        await Should.ThrowAsync<OperationCanceledException>(() => _store.PutAsync(content, Digest(Marked(500_000)), 500_000, 1 << 20, cancel.Token));
        BlobFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_flipped_bit_in_the_middle_fails_the_read_after_the_verified_prefix()
    {
        var content = Marked(4 * SegmentedAead.SegmentSize);
        var digest = await PutAsync(content);
        Flip(_store.PathOf(digest), SegmentedAead.HeaderBytes + 2 * SegmentedAead.CipherSegmentSize + 10);

        await using var stream = await _store.OpenReadAsync(digest, CancellationToken.None);
        var prefix = new byte[2 * SegmentedAead.SegmentSize];
        await stream.ReadExactlyAsync(prefix);
        prefix.ShouldBe(content[..prefix.Length]);
        var failure = await Should.ThrowAsync<BlobCorruptException>(() => stream.CopyToAsync(Stream.Null));
        failure.Message.ShouldContain(digest);
        await Should.ThrowAsync<BlobCorruptException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task Damage_in_the_first_segment_fails_already_when_opening()
    {
        var digest = await PutAsync(Marked(1_000));
        Flip(_store.PathOf(digest), SegmentedAead.HeaderBytes + 5);
        await Should.ThrowAsync<BlobCorruptException>(() => _store.OpenReadAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task A_blob_cut_at_a_segment_boundary_fails_at_the_end()
    {
        var content = Marked(3 * SegmentedAead.SegmentSize + 5);
        var digest = await PutAsync(content);
        using (var file = File.Open(_store.PathOf(digest), FileMode.Open))
        {
            file.SetLength(SegmentedAead.HeaderBytes + 3 * SegmentedAead.CipherSegmentSize);
        }
        await Should.ThrowAsync<BlobCorruptException>(() => _store.CopyToAsync(digest, new MemoryStream(), CancellationToken.None));
    }

    [Fact]
    public async Task A_blob_file_copied_over_another_digest_does_not_decrypt()
    {
        var first = await PutAsync(Marked(10_000));
        var second = await PutAsync(Marked(20_000));
        File.Copy(_store.PathOf(first), _store.PathOf(second), overwrite: true);
        await Should.ThrowAsync<BlobCorruptException>(() => _store.CopyToAsync(second, new MemoryStream(), CancellationToken.None));
    }

    [Fact]
    public async Task Another_servers_master_key_cannot_read_the_blobs()
    {
        var digest = await PutAsync(Marked(10_000));
        using var other = new TempDirectory("bulwark-blobs-other-");
        var otherStore = NewStore(other.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(otherStore.PathOf(digest))!);
        File.Copy(_store.PathOf(digest), otherStore.PathOf(digest));
        await Should.ThrowAsync<BlobCorruptException>(() => otherStore.CopyToAsync(digest, new MemoryStream(), CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_blob_is_reported_as_missing()
    {
        await Should.ThrowAsync<BlobNotFoundException>(() => _store.OpenReadAsync(new string('b', 64), CancellationToken.None));
    }

    private async Task<string> PutAsync(byte[] content)
    {
        var digest = Digest(content);
        await _store.PutAsync(new MemoryStream(content), digest.ToUpperInvariant(), content.Length, 1 << 30, CancellationToken.None);
        return digest;
    }

    private async Task<byte[]> ReadAsync(string digest)
    {
        var output = new MemoryStream();
        await _store.CopyToAsync(digest, output, CancellationToken.None);
        return output.ToArray();
    }

    private string[] BlobFiles() => Directory.Exists(_store.Root) ? Directory.GetFiles(_store.Root, "*", SearchOption.AllDirectories) : [];

    private static string Digest(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Deterministic, recognisable content: a repeated marker with a counter.</summary>
    private static byte[] Marked(int size)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < size; i++)
        {
            text.Append("MODEL-WEIGHTS-").Append(i).Append(';');
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static void Flip(string path, long offset)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x01));
    }

    /// <summary>Never ends; counts what it served.</summary>
    private sealed class EndlessStream : MemoryStream
    {
        public long Served { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            buffer.Fill(0x41);
            Served += buffer.Length;
            return buffer.Length;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
    }

    /// <summary>Cancels its token after serving <c>after</c> bytes, like a client that goes away mid-upload.</summary>
    private sealed class CancellingStream(byte[] content, CancellationTokenSource cancel, int after) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= after)
            {
                cancel.Cancel();
            }
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
