using System.Buffers;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Reads blob contents through one long-lived <c>git cat-file --batch</c>: a writer feeds ids to its stdin while
/// the reader takes replies from its stdout, so git never waits on us between blobs. An object git cannot read
/// becomes a warning naming it. cat-file answers "missing" for most broken objects and goes on; when one kills
/// it instead, a new cat-file is started and every id not yet answered is sent again, so the rest of history
/// is still scanned.
/// </summary>
internal sealed class CatFileBlobReader
{
    /// <summary>cat-file restarts per scan; past this the repository is too broken to go on object by object.</summary>
    private const int MaxRestarts = 1000;

    /// <summary>Missing objects explained by a separate git call; a partial clone can miss thousands.</summary>
    private const int MaxDiagnosed = 20;

    /// <summary>The reply stream ended: cat-file died. The reason is in its stderr.</summary>
    private const string Ended = "\0ended";

    private readonly string _repositoryPath;
    private readonly long _maxBlobBytes;
    private readonly ByteBudget _budget;
    private readonly ScanSink _sink;
    private int _diagnosed;

    public CatFileBlobReader(string repositoryPath, long maxBlobBytes, ByteBudget budget, ScanSink sink)
    {
        _repositoryPath = repositoryPath;
        // A blob is read into one array, so the size limit can never exceed what an array holds.
        _maxBlobBytes = Math.Min(maxBlobBytes, Array.MaxLength);
        _budget = budget;
        _sink = sink;
    }

    public async Task RunAsync(ChannelReader<BlobIntroduction> requests, ChannelWriter<BlobContent> output, CancellationToken cancellationToken)
    {
        try
        {
            List<BlobIntroduction> unanswered = [];
            for (var restarts = 0; restarts <= MaxRestarts; restarts++)
            {
                var failure = await RunSessionAsync(unanswered, requests, output, cancellationToken);
                if (failure is null)
                {
                    return;
                }
                unanswered = failure.Value.Unanswered;
                var blob = failure.Value.Blob;
                _sink.AddNotice(NoticeLevel.Warning, blob.Path, Unreadable(blob, failure.Value.Reason));
            }
            var skipped = unanswered.Count;
            await foreach (var _ in requests.ReadAllAsync(cancellationToken))
            {
                skipped++;
            }
            _sink.AddNotice(NoticeLevel.Error, _repositoryPath,
                $"git cat-file failed on {MaxRestarts} objects; stopped reading, {skipped} blobs of history were not scanned");
        }
        finally
        {
            output.TryComplete();
        }
    }

    private static string Unreadable(BlobIntroduction blob, string reason) =>
        $"git object {blob.Oid} ({blob.Path}) could not be read: {reason}";

    /// <summary>Runs one cat-file until the requests are done (null) or it fails on a blob.</summary>
    private async Task<(BlobIntroduction Blob, string Reason, List<BlobIntroduction> Unanswered)?> RunSessionAsync(
        List<BlobIntroduction> resend, ChannelReader<BlobIntroduction> requests, ChannelWriter<BlobContent> output, CancellationToken cancellationToken)
    {
        using var git = GitProcess.Start(_repositoryPath, ["cat-file", "--batch"], withInput: true, cancellationToken);
        // Ids written to cat-file and not yet answered, in the order cat-file answers them.
        var inFlight = Channel.CreateUnbounded<BlobIntroduction>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteIdsAsync(git, resend, requests, inFlight.Writer, stopWriting.Token);
        var replies = new BatchOutputReader(git.Output);

        BlobIntroduction? failed = null;
        string? reason = null;
        while (failed is null && await inFlight.Reader.WaitToReadAsync(cancellationToken))
        {
            while (inFlight.Reader.TryRead(out var blob))
            {
                reason = await ReadReplyAsync(replies, blob, output, cancellationToken);
                if (reason is not null)
                {
                    failed = blob;
                    break;
                }
            }
        }
        if (failed is null)
        {
            await writer;
            await git.WaitForExitAsync(cancellationToken);
            return null;
        }

        git.Kill();
        await stopWriting.CancelAsync();
        try
        {
            await writer;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose: everything it took is in the in-flight queue.
        }
        var unanswered = new List<BlobIntroduction>();
        while (inFlight.Reader.TryRead(out var pending))
        {
            unanswered.Add(pending);
        }
        if (ReferenceEquals(reason, Ended))
        {
            var exitCode = await git.WaitForExitAsync(cancellationToken);
            reason = LastFatalLine(await git.ErrorText) ?? $"git cat-file stopped with exit code {exitCode}";
        }
        return (failed, reason!, unanswered);
    }

    /// <summary>Feeds ids to cat-file: first the ones a failed cat-file left unanswered, then new requests.</summary>
    private static async Task WriteIdsAsync(
        GitProcess git, List<BlobIntroduction> resend, ChannelReader<BlobIntroduction> requests, ChannelWriter<BlobIntroduction> inFlight, CancellationToken cancellationToken)
    {
        const int MaxLine = 65;
        // Every id is queued in flight before it is written, so none is lost between a failed write and the
        // restart: whatever cat-file has not answered is still in the queue.
        var resendIds = new Queue<string>(resend.Count);
        foreach (var blob in resend)
        {
            inFlight.TryWrite(blob);
            resendIds.Enqueue(blob.Oid);
        }
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var used = 0;
                // Batch whatever is ready into one write.
                while (used <= buffer.Length - MaxLine && NextId(resendIds, requests, inFlight) is { } oid)
                {
                    used += Encoding.ASCII.GetBytes(oid, buffer.AsSpan(used));
                    buffer[used++] = (byte)'\n';
                }
                if (used > 0)
                {
                    await git.Input.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                    await git.Input.FlushAsync(cancellationToken);
                }
                else if (!await requests.WaitToReadAsync(cancellationToken))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // cat-file died; the reader sees its output end and starts another.
        }
        finally
        {
            inFlight.TryComplete();
            git.CloseInput();
        }
    }

    private static string? NextId(Queue<string> resendIds, ChannelReader<BlobIntroduction> requests, ChannelWriter<BlobIntroduction> inFlight)
    {
        if (resendIds.TryDequeue(out var oid))
        {
            return oid;
        }
        if (requests.TryRead(out var blob))
        {
            inFlight.TryWrite(blob);
            return blob.Oid;
        }
        return null;
    }

    /// <summary>Reads one reply and hands the blob on. Returns null when the stream is still in step, else why not.</summary>
    private async Task<string?> ReadReplyAsync(BatchOutputReader replies, BlobIntroduction blob, ChannelWriter<BlobContent> output, CancellationToken cancellationToken)
    {
        string? header;
        try
        {
            header = await replies.ReadHeaderAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return ex.Message;
        }
        if (header is null)
        {
            return Ended;
        }
        var parts = header.Split(' ');
        if (parts.Length == 2 && parts[0] == blob.Oid && parts[1] == "missing")
        {
            await ReportMissingAsync(blob, cancellationToken);
            return null;
        }
        if (parts.Length != 3 || parts[0] != blob.Oid
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return $"unexpected reply from git cat-file: '{header[..Math.Min(header.Length, 120)]}'";
        }
        if (parts[1] != "blob" || size > _maxBlobBytes)
        {
            if (parts[1] == "blob")
            {
                _sink.AddNotice(NoticeLevel.Info, blob.Path, $"skipped: blob {blob.Oid} is larger than {_maxBlobBytes} bytes");
            }
            return await replies.SkipAsync(size + 1, cancellationToken) ? null : Ended;
        }
        return await ReadBlobAsync(replies, blob, (int)size, output, cancellationToken);
    }

    private async Task<string?> ReadBlobAsync(BatchOutputReader replies, BlobIntroduction blob, int size, ChannelWriter<BlobContent> output, CancellationToken cancellationToken)
    {
        await _budget.AcquireAsync(size, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var handedOver = false;
        try
        {
            // The content, then the newline that ends every reply.
            if (!await replies.ReadExactlyAsync(buffer.AsMemory(0, size), cancellationToken) || !await replies.SkipAsync(1, cancellationToken))
            {
                return Ended;
            }
            var origin = new ContentOrigin(blob.Path) { Commit = blob.Commit, Order = blob.Order };
            await output.WriteAsync(new BlobContent(origin, buffer, size), cancellationToken);
            handedOver = true;
            return null;
        }
        finally
        {
            if (!handedOver)
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                _budget.Release(size);
            }
        }
    }

    /// <summary>cat-file only says "missing"; asking git about the one object gets its actual complaint.</summary>
    private async Task ReportMissingAsync(BlobIntroduction blob, CancellationToken cancellationToken)
    {
        var reason = "missing";
        if (_diagnosed++ < MaxDiagnosed)
        {
            var result = await GitProcess.RunAsync(_repositoryPath, ["cat-file", "-t", blob.Oid], cancellationToken);
            if (result.ExitCode != 0 && result.FirstErrorLine.Length > 0)
            {
                reason = result.FirstErrorLine;
            }
        }
        _sink.AddNotice(NoticeLevel.Warning, blob.Path, Unreadable(blob, reason));
    }

    private static string? LastFatalLine(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal)) ?? lines.LastOrDefault();
    }
}
