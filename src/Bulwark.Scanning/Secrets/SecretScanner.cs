using System.Text;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// Scans one piece of content — a file, a git blob, stdin, an archive member — for secrets. Content is
/// sniffed, never trusted by name: text in any common encoding, notebooks (cells and outputs), zip archives
/// (bounded depth and size), binaries skipped. Problems with the content become notices, never exceptions.
/// Not thread-safe (one matcher inside): create one per worker.
/// </summary>
internal sealed class SecretScanner
{
    private static readonly HashSet<string> LockfileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "Pipfile.lock",
        "uv.lock", "pdm.lock", "Cargo.lock", "go.sum", "composer.lock", "Gemfile.lock", "packages.lock.json",
        "conda-lock.yml", "bun.lock", "mix.lock", "pubspec.lock", "Podfile.lock",
    };

    private readonly SecretRuleSet _rules;
    private readonly SecretScanOptions _options;
    private readonly SecretMatcher _matcher;
    private readonly TextContentScanner _text;
    private readonly ArchiveContentScanner _archives;
    private readonly byte[] _head = new byte[ContentSniffer.SniffBytes];

    /// <summary>Shared by every file when no rule is limited to some paths (the default rules): nothing to compute per file.</summary>
    private readonly bool[]? _allRulesApply;

    public SecretScanner(SecretRuleSet rules, SecretScanOptions options)
    {
        _rules = rules;
        _options = options;
        _matcher = new SecretMatcher(rules);
        _text = new TextContentScanner(options);
        _archives = new ArchiveContentScanner(options.Limits, this);
        if (rules.Rules.All(r => r.PathRegex is null))
        {
            _allRulesApply = new bool[rules.Rules.Count];
            Array.Fill(_allRulesApply, true);
        }
    }

    /// <summary>Scans <paramref name="content"/>; returns the bytes read. Counts as one file in the sink.</summary>
    public long Scan(Stream content, ContentOrigin origin, ScanSink sink, CancellationToken cancellationToken)
    {
        try
        {
            // One sniff buffer per scanner (per worker) for files: fifteen thousand files must not mean as many
            // arrays. Archive members get their own, since the archive's scan is still using the outer one.
            var head = origin.ArchiveDepth == 0 ? _head : new byte[ContentSniffer.SniffBytes];
            var headLength = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var (kind, encoding, bom) = ContentSniffer.Sniff(head.AsSpan(0, headLength));
            long bytes;
            switch (kind)
            {
                case ContentKind.Binary:
                    return headLength;
                case ContentKind.Archive when origin.ArchiveDepth < _options.Limits.MaxArchiveDepth:
                    bytes = _archives.Scan(head.AsSpan(0, headLength), content, origin, sink, cancellationToken);
                    break;
                case ContentKind.Archive:
                    sink.AddNotice(NoticeLevel.Info, origin.Display, $"archive not opened: nesting deeper than {_options.Limits.MaxArchiveDepth} levels");
                    return headLength;
                default:
                    var isNotebook = (origin.InnerPath ?? origin.Path).EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase);
                    bytes = isNotebook
                        ? ScanNotebook(head.AsSpan(bom, headLength - bom), content, encoding, origin, sink, cancellationToken)
                        : ScanText(head.AsSpan(bom, headLength - bom), content, encoding, origin, sink, cancellationToken) + bom;
                    break;
            }
            sink.CountFile(bytes);
            return bytes;
        }
        catch (IOException ex)
        {
            sink.AddNotice(NoticeLevel.Warning, origin.Display, $"cannot read: {ex.Message}");
            return 0;
        }
        catch (UnauthorizedAccessException ex)
        {
            sink.AddNotice(NoticeLevel.Warning, origin.Display, $"cannot read: {ex.Message}");
            return 0;
        }
    }

    private long ScanText(ReadOnlySpan<byte> head, Stream rest, Encoding encoding, ContentOrigin origin, ScanSink sink, CancellationToken cancellationToken)
    {
        var context = CreateContext(origin);
        var budget = new FindingBudget(sink, origin, _options.Limits.MaxFindingsPerFile);
        return _text.Scan(head, rest, encoding, _matcher, context, (chunk, match, lines) =>
        {
            var (line, column) = lines.Position(chunk, match.Start);
            var (endLine, endColumn) = LineTracker.End(line, column, chunk.Slice(match.Start, match.Length));
            budget.Add(SecretFindingFactory.Create(_rules.Rules[match.RuleIndex], match, origin, line, column, endLine, endColumn));
        }, cancellationToken);
    }

    private long ScanNotebook(ReadOnlySpan<byte> head, Stream rest, Encoding encoding, ContentOrigin origin, ScanSink sink, CancellationToken cancellationToken)
    {
        using var buffer = BoundedRead.ReadAll(head, rest, _options.Limits.MaxFileBytes);
        if (buffer is null)
        {
            sink.AddNotice(NoticeLevel.Info, origin.Display, $"skipped: notebook larger than {_options.Limits.MaxFileBytes} bytes");
            return head.Length;
        }
        List<NotebookCell> cells;
        try
        {
            cells = NotebookReader.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), _options.Limits.MaxJsonDepth);
        }
        catch (JsonException ex)
        {
            sink.AddNotice(NoticeLevel.Warning, origin.Display, $"invalid notebook JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: scanned as plain text");
            return ScanText([], buffer, encoding, origin, sink, cancellationToken);
        }
        var context = CreateContext(origin);
        var budget = new FindingBudget(sink, origin, _options.Limits.MaxFindingsPerFile);
        var results = new List<SecretMatch>();
        foreach (var cell in cells)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = cell.Text;
            results.Clear();
            _matcher.Match(text, 0, text.Length, context, results);
            foreach (var match in results)
            {
                var (line, column, part) = cell.Locate(match.Start);
                var extra = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["cell"] = cell.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["cellPart"] = part,
                };
                var cellOrigin = origin with { InnerPath = origin.InnerPath is null ? $"cell {cell.Index}" : $"{origin.InnerPath}!cell {cell.Index}" };
                budget.Add(SecretFindingFactory.Create(_rules.Rules[match.RuleIndex], match, cellOrigin, line, column, line, column + match.Length, extra));
            }
        }
        return buffer.Length;
    }

    private bool[] RulesApplyingTo(ContentOrigin origin)
    {
        var applies = new bool[_rules.Rules.Count];
        for (var i = 0; i < applies.Length; i++)
        {
            var pathRegex = _rules.Rules[i].PathRegex;
            applies[i] = pathRegex is null || pathRegex.IsMatch(origin.Path) || (origin.InnerPath is not null && pathRegex.IsMatch(origin.InnerPath));
        }
        return applies;
    }

    private MatchContext CreateContext(ContentOrigin origin)
    {
        var path = origin.InnerPath ?? origin.Path;
        var name = Path.GetFileName(path);
        var applies = _allRulesApply ?? RulesApplyingTo(origin);
        return new MatchContext(origin.Path, origin.Commit?.Sha, LockfileNames.Contains(name), applies);
    }
}
