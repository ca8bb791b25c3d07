using Bulwark.Core.Findings;
using Bulwark.Scanning.Files;
using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Scanning.Secrets;

/// <summary>Scans the files of a tree in parallel, one scanner per worker, each file streamed.</summary>
internal sealed class TreeSecretScan(SecretRuleSet rules, SecretScanOptions options)
{
    public void Scan(IEnumerable<SourceFile> files, ScanSink sink, Action<SourceFile>? onFileDone, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.Parallelism),
            CancellationToken = cancellationToken,
        };
        Parallel.ForEach(
            files,
            parallel,
            () => new SecretScanner(rules, options),
            (file, _, scanner) =>
            {
                ScanFile(scanner, file, sink, cancellationToken);
                onFileDone?.Invoke(file);
                return scanner;
            },
            _ => { });
    }

    private void ScanFile(SecretScanner scanner, SourceFile file, ScanSink sink, CancellationToken cancellationToken)
    {
        try
        {
            var length = new FileInfo(file.FullPath).Length;
            if (length == 0)
            {
                // Empty — or a FIFO, socket or device, which report no size and could block a read forever.
                sink.CountFile(0);
                return;
            }
            if (length > options.Limits.MaxFileBytes)
            {
                sink.AddNotice(NoticeLevel.Info, file.RelativePath, $"skipped: {length} bytes is over the {options.Limits.MaxFileBytes}-byte file size limit (--max-file-size)");
                return;
            }
            // Our reads are large blocks, so FileStream's own buffer would only add a copy.
            using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            scanner.Scan(stream, new ContentOrigin(file.RelativePath), sink, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            sink.AddNotice(NoticeLevel.Warning, file.RelativePath, $"cannot read: {ex.Message}");
        }
    }
}
