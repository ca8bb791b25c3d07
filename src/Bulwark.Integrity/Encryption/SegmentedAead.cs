using System.Buffers;
using System.Security.Cryptography;

namespace Bulwark.Integrity.Encryption;

/// <summary>
/// Streaming authenticated encryption for files of any size (blobs, artifacts, models), AES-256-GCM in 64 KiB
/// segments. Layout: header <c>"BWSA"</c> ‖ version (1) ‖ random salt (32), then segments of 64 KiB plaintext + 16-byte
/// tag each; the last segment holds 0–64 KiB and is sealed with a final flag. A file of exactly n × 64 KiB ends with a
/// full final segment, an empty file is the header and one empty final segment. See <see cref="SegmentCipher"/> for
/// keys, nonces and associated data: any bit flip, truncation (even at a segment boundary), appended bytes, reordered
/// or spliced segments, or a wrong key or context fails with <see cref="SegmentedAeadException"/>.
/// Decryption releases a segment's plaintext only after its tag checked, but a reader sees the earlier segments of a
/// file whose end is damaged before the failure: treat output as valid only once the read reached the end without an
/// exception (<see cref="OpenDecrypting"/> keeps throwing once it failed, it never fakes a clean end).
/// </summary>
internal static class SegmentedAead
{
    public const int SegmentSize = 64 * 1024;
    public const int CipherSegmentSize = SegmentSize + SegmentCipher.TagBytes;
    public const byte Version = 1;
    public const int HeaderBytes = 4 + 1 + SegmentCipher.SaltBytes;

    public static ReadOnlySpan<byte> Magic => "BWSA"u8;

    /// <summary>The encrypted size of <paramref name="plaintextLength"/> bytes.</summary>
    public static long CiphertextLength(long plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        var segments = plaintextLength == 0 ? 1 : (plaintextLength + SegmentSize - 1) / SegmentSize;
        return HeaderBytes + plaintextLength + segments * SegmentCipher.TagBytes;
    }

    /// <summary>Encrypts <paramref name="input"/> to its end into <paramref name="output"/>; <paramref name="context"/> must be given again to decrypt.</summary>
    public static void Encrypt(Stream input, Stream output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> context)
    {
        var header = NewHeader();
        using var cipher = new SegmentCipher(key, header.AsSpan(5), context);
        output.Write(header);
        var plain = ArrayPool<byte>.Shared.Rent(SegmentSize + 1);
        var sealedSegment = ArrayPool<byte>.Shared.Rent(CipherSegmentSize);
        try
        {
            var have = 0;
            for (long index = 0; ; index++)
            {
                have += input.ReadAtLeast(plain.AsSpan(have, SegmentSize + 1 - have), SegmentSize + 1 - have, throwOnEndOfStream: false);
                var length = SealNext(cipher, index, plain, ref have, sealedSegment);
                output.Write(sealedSegment, 0, length);
                if (have < 0)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain, clearArray: true);
            ArrayPool<byte>.Shared.Return(sealedSegment);
        }
    }

    /// <inheritdoc cref="Encrypt"/>
    public static async Task EncryptAsync(Stream input, Stream output, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        var header = NewHeader();
        using var cipher = new SegmentCipher(key.Span, header.AsSpan(5), context.Span);
        await output.WriteAsync(header, cancellationToken);
        var plain = ArrayPool<byte>.Shared.Rent(SegmentSize + 1);
        var sealedSegment = ArrayPool<byte>.Shared.Rent(CipherSegmentSize);
        try
        {
            var have = 0;
            for (long index = 0; ; index++)
            {
                have += await input.ReadAtLeastAsync(plain.AsMemory(have, SegmentSize + 1 - have), SegmentSize + 1 - have, throwOnEndOfStream: false, cancellationToken);
                var length = SealNext(cipher, index, plain, ref have, sealedSegment);
                await output.WriteAsync(sealedSegment.AsMemory(0, length), cancellationToken);
                if (have < 0)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain, clearArray: true);
            ArrayPool<byte>.Shared.Return(sealedSegment);
        }
    }

    /// <summary>
    /// A read-only stream of the plaintext of <paramref name="ciphertext"/>; each read verifies the segments it
    /// returns, and the end of the data is verified before the stream reports its end.
    /// </summary>
    public static Stream OpenDecrypting(Stream ciphertext, ReadOnlySpan<byte> key, ReadOnlySpan<byte> context, bool leaveOpen = false) =>
        new SegmentedAeadReadStream(ciphertext, key, context, leaveOpen);

    /// <summary>Decrypts all of <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <exception cref="SegmentedAeadException">The data is not authentic; <paramref name="output"/> may hold a verified prefix and must be discarded.</exception>
    public static void Decrypt(Stream input, Stream output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> context)
    {
        using var plaintext = OpenDecrypting(input, key, context, leaveOpen: true);
        plaintext.CopyTo(output, SegmentSize);
    }

    /// <inheritdoc cref="Decrypt"/>
    public static async Task DecryptAsync(Stream input, Stream output, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        await using var plaintext = OpenDecrypting(input, key.Span, context.Span, leaveOpen: true);
        await plaintext.CopyToAsync(output, SegmentSize, cancellationToken);
    }

    private static byte[] NewHeader()
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        header[4] = Version;
        RandomNumberGenerator.Fill(header.AsSpan(5));
        return header;
    }

    /// <summary>
    /// Seals the next segment from <paramref name="plain"/>, which holds <paramref name="have"/> bytes (one byte more
    /// than a segment means more follows). Afterwards <paramref name="have"/> is the bytes carried into the next
    /// segment, or -1 after the final one. Returns the sealed length.
    /// </summary>
    private static int SealNext(SegmentCipher cipher, long index, byte[] plain, ref int have, byte[] sealedSegment)
    {
        var final = have <= SegmentSize;
        var length = final ? have : SegmentSize;
        cipher.Seal(index, final, plain.AsSpan(0, length), sealedSegment);
        if (final)
        {
            have = -1;
        }
        else
        {
            plain[0] = plain[SegmentSize];
            have = 1;
        }
        return length + SegmentCipher.TagBytes;
    }
}
