using System.Buffers;
using System.Text;

namespace Bulwark.Scanning.Secrets.Content;

/// <summary>
/// Streams text through the matcher in fixed-size chunks that overlap, so memory stays bounded for a 2 GB
/// single-line file and no match is lost or reported twice at a chunk seam.
/// </summary>
internal sealed class TextContentScanner(SecretScanOptions options)
{
    /// <summary>Context kept from the previous chunk; also the longest match that can straddle a seam.</summary>
    internal const int Overlap = SecretMatcher.MaxLineReach + SecretMatcher.MultilineReach;

    public delegate void MatchHandler(ReadOnlySpan<char> chunk, SecretMatch match, LineTracker lines);

    /// <param name="head">Bytes already read from the stream (the sniffed prefix), after the BOM.</param>
    public long Scan(ReadOnlySpan<byte> head, Stream rest, Encoding encoding, SecretMatcher matcher, MatchContext context, MatchHandler onMatch, CancellationToken cancellationToken)
    {
        var chunkChars = Math.Max(options.ChunkChars, 4 * Overlap);
        // Slack past the chunk size: a decoder may emit a character or two held over from the previous read.
        var chars = ArrayPool<char>.Shared.Rent(chunkChars + 64);
        var bytes = ArrayPool<byte>.Shared.Rent(256 * 1024);
        var decoder = encoding.GetDecoder();
        var results = new List<SecretMatch>();
        var lines = new LineTracker();
        long totalBytes = head.Length;
        try
        {
            var filled = Decode(decoder, head, chars, 0, flush: false);
            var acceptFrom = 0;
            var endOfStream = false;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (!endOfStream && filled < chunkChars)
                {
                    var want = Math.Min(bytes.Length, chunkChars - filled);
                    var read = rest.Read(bytes, 0, want);
                    totalBytes += read;
                    endOfStream = read == 0;
                    filled += Decode(decoder, bytes.AsSpan(0, read), chars, filled, flush: endOfStream);
                }
                var chunk = chars.AsSpan(0, filled);
                var acceptTo = endOfStream ? filled : filled - Overlap;
                results.Clear();
                matcher.Match(chunk, acceptFrom, acceptTo, context, results);
                results.Sort((a, b) => a.Start.CompareTo(b.Start));
                foreach (var match in results)
                {
                    onMatch(chunk, match, lines);
                }
                if (endOfStream)
                {
                    return totalBytes;
                }
                // Keep the overlap as context (line starts, keywords before the seam) for the next chunk.
                var keepFrom = acceptTo - Overlap;
                lines.Shift(chunk, keepFrom);
                chunk[keepFrom..].CopyTo(chars);
                filled -= keepFrom;
                acceptFrom = acceptTo - keepFrom;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static int Decode(Decoder decoder, ReadOnlySpan<byte> input, char[] output, int offset, bool flush)
    {
        decoder.Convert(input, output.AsSpan(offset), flush, out _, out var charsUsed, out _);
        return charsUsed;
    }
}
