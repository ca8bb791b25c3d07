using System.Security.Cryptography;
using System.Text;
using Bulwark.Integrity.Encryption;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Blobs;

/// <summary>
/// Content-addressed, encrypted file store: a blob is named by the SHA-256 of its plaintext and kept at
/// <c>{data}/blobs/sha256/{first 2 hex}/{hex}</c>, encrypted with <see cref="SegmentedAead"/> under the store's own
/// key (<see cref="BlobKeyFile"/>, wrapped by the master key) with the digest as context, so a blob file copied to
/// another name no longer decrypts. Writes go to a temporary file beside the target and are renamed into place only once the content's
/// digest and length proved to be the declared ones; two writers of the same content are harmless (the first rename
/// wins, both hold the same bytes). Reads decrypt and hash as they stream and fail at the end rather than let wrong
/// bytes pass (see <see cref="VerifiedBlobStream"/>).
/// </summary>
internal sealed class BlobStore
{
    private const string TempPrefix = ".tmp-";
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly byte[] _key;

    public BlobStore(ServerOptions options, MasterKey masterKey)
    {
        Root = Path.Combine(options.DataDirectory, "blobs", "sha256");
        _key = BlobKeyFile.LoadOrCreate(options.DataDirectory, masterKey);
    }

    /// <summary>The folder holding the two-hex-digit shard folders.</summary>
    public string Root { get; }

    /// <summary>Where the blob with this digest lives (whether or not it exists).</summary>
    public string PathOf(string sha256)
    {
        var digest = BlobDigests.Normalize(sha256) ?? throw new ArgumentException("a blob digest is 64 hex digits", nameof(sha256));
        return Path.Combine(Root, digest[..2], digest);
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Reads <paramref name="content"/> to its end and stores it under <paramref name="expectedSha256"/>. An existing
    /// blob is kept, but the content is still read and checked: a caller cannot claim a blob by naming its digest.
    /// </summary>
    /// <exception cref="BlobRejectedException">Malformed digest, negative length, over <paramref name="maxBytes"/>, or the content's digest or length differ; no file is left behind.</exception>
    public async Task PutAsync(Stream content, string expectedSha256, long expectedLength, long maxBytes, CancellationToken cancellationToken)
    {
        var digest = BlobDigests.Normalize(expectedSha256) ?? throw new BlobRejectedException("the declared SHA-256 must be 64 hex digits");
        if (expectedLength < 0)
        {
            throw new BlobRejectedException("the declared length must not be negative");
        }
        if (expectedLength > maxBytes)
        {
            throw new BlobRejectedException($"the content is {expectedLength} bytes, more than the limit of {maxBytes} bytes");
        }
        var path = PathOf(digest);
        var directory = Path.GetDirectoryName(path)!;
        CreateDirectory(directory);
        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            await WriteVerifiedAsync(content, temp, digest, expectedLength, cancellationToken);
            try
            {
                // No-replace rename: the blob appears complete or not at all.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Stored before (or by a concurrent writer): same digest, same content.
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// The blob's plaintext as a stream. The header and first segment are checked before this returns, so damage at
    /// the start surfaces here; damage further on, or a digest mismatch, surfaces as <see cref="BlobCorruptException"/>
    /// from a later read, at the latest the one that reaches the end.
    /// </summary>
    /// <exception cref="BlobNotFoundException">No such blob.</exception>
    /// <exception cref="BlobCorruptException">The blob's start is damaged.</exception>
    public async Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var digest = BlobDigests.Normalize(sha256) ?? throw new ArgumentException("a blob digest is 64 hex digits", nameof(sha256));
        FileStream file;
        try
        {
            file = new FileStream(PathOf(digest), new FileStreamOptions
            {
                Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(digest);
        }
        var verified = new VerifiedBlobStream(SegmentedAead.OpenDecrypting(file, _key, Context(digest)), digest);
        try
        {
            await verified.PrimeAsync(cancellationToken);
            return verified;
        }
        catch
        {
            await verified.DisposeAsync();
            throw;
        }
    }

    /// <summary>Copies the blob's verified plaintext to <paramref name="destination"/>.</summary>
    /// <exception cref="BlobNotFoundException">No such blob.</exception>
    /// <exception cref="BlobCorruptException">
    /// The blob is damaged. Bytes before the damage may already be in <paramref name="destination"/>: the caller must
    /// discard them (an HTTP response aborts its connection, so the client sees a broken transfer, never a complete one).
    /// </exception>
    public async Task CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        await using var source = await OpenReadAsync(sha256, cancellationToken);
        await source.CopyToAsync(destination, SegmentedAead.SegmentSize, cancellationToken);
    }

    private async Task WriteVerifiedAsync(Stream content, string temp, string digest, long expectedLength, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var file = new FileStream(temp, options);
        await using var counted = new CountingHashStream(content, expectedLength);
        await SegmentedAead.EncryptAsync(counted, file, _key, Context(digest), cancellationToken);
        if (counted.BytesRead != expectedLength)
        {
            throw new BlobRejectedException($"the content is {counted.BytesRead} bytes, but {expectedLength} were declared");
        }
        var actual = Convert.ToHexStringLower(counted.Digest());
        if (!actual.Equals(digest, StringComparison.Ordinal))
        {
            throw new BlobRejectedException($"the content's SHA-256 is {actual}, but {digest} was declared");
        }
        file.Flush(flushToDisk: true);
    }

    private static byte[] Context(string digest) => Encoding.ASCII.GetBytes("bulwark/blob/sha256:" + digest);

    private void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        // The data directory is already owner-only; the blob folders are made so as well, in case it was loosened.
        Directory.CreateDirectory(Path.GetDirectoryName(Root)!, OwnerOnlyDirectory);
        Directory.CreateDirectory(Root, OwnerOnlyDirectory);
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
    }
}
