using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Policy;
using Bulwark.Scanning.Code.Analysis;
using Bulwark.Scanning.Code.Notebooks;
using Bulwark.Scanning.Code.Python;
using Bulwark.Scanning.Code.Rules;
using Bulwark.Scanning.Files;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Code;

/// <summary>
/// Scans one .py file or notebook: reads it (bounded), parses it, runs the rules and the secret rules (as
/// hardcoded-credential findings), and turns matches into findings that point at the source line — for
/// notebooks the notebook's JSON line, with the cell index as a property. Problems become notices.
/// Not thread-safe (it owns a secret matcher): one per worker.
/// </summary>
internal sealed class CodeFileScanner(CodeRuleIndex rules, SecretRuleSet secretRules, ISet<string> disabled, long maxFileBytes, TimeSpan timePerFile)
{
    private const int MaxErrorsReported = 5;
    private const string SecretRulePrefix = "hardcoded-credential-";

    private readonly SecretMatcher _secrets = new(secretRules);
    private readonly List<SecretMatch> _secretMatches = [];
    private readonly HashSet<(string Path, int Line, string Rule)> _reported = [];
    private readonly bool[] _allSecretRules = [.. Enumerable.Repeat(true, secretRules.Rules.Count)];

    /// <summary>Returns the bytes read; findings and notices are added to the lists.</summary>
    public long Scan(SourceFile file, List<Finding> findings, List<Notice> notices)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(file.FullPath).Length;
            if (length > maxFileBytes)
            {
                notices.Add(new Notice(NoticeLevel.Info, file.RelativePath, $"skipped: {length} bytes is larger than the {maxFileBytes}-byte limit (max_file_size)"));
                return 0;
            }
            bytes = File.ReadAllBytes(file.FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            notices.Add(new Notice(NoticeLevel.Warning, file.RelativePath, $"cannot read: {ex.Message}"));
            return 0;
        }
        NotebookCode? notebook = null;
        string text;
        if (file.RelativePath.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                notebook = NotebookCode.Read(bytes, maxDepth: 64);
            }
            catch (JsonException ex)
            {
                notices.Add(new Notice(NoticeLevel.Warning, file.RelativePath, $"invalid notebook JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: not analysed"));
                return bytes.Length;
            }
            text = notebook.Text;
        }
        else
        {
            text = PythonSource.Decode(bytes);
        }
        var module = PythonParser.Parse(text, timePerFile);
        var place = new Placement(file.RelativePath, module, notebook);
        if (module.Python2Offset is { } python2)
        {
            var (line, column, _) = place.At(python2);
            notices.Add(new Notice(NoticeLevel.Warning, $"{file.RelativePath}:{line}:{column}", "Python 2 source (print statement, old except or <> syntax): not analysed; Bulwark reads Python 3.8–3.13"));
        }
        else
        {
            foreach (var error in module.Errors.Take(MaxErrorsReported))
            {
                var (line, column, cell) = place.At(error.Offset);
                var where = cell is null ? "" : $" (cell {cell})";
                notices.Add(new Notice(NoticeLevel.Warning, $"{file.RelativePath}:{line}:{column}", $"syntax error{where}: {error.Message}; analysis resumed at the next statement"));
            }
            if (module.Errors.Count > MaxErrorsReported)
            {
                notices.Add(new Notice(NoticeLevel.Warning, file.RelativePath, $"{module.Errors.Count - MaxErrorsReported} more syntax errors"));
            }
            foreach (var match in FileAnalyzer.Analyze(module, rules))
            {
                if (!disabled.Contains(match.Rule.Id))
                {
                    Add(findings, place, match);
                }
            }
        }
        ScanSecrets(text, place, findings);
        return bytes.Length;
    }

    private void Add(List<Finding> findings, Placement place, CodeMatch match)
    {
        var (line, column, cell) = place.At(match.Offset);
        var lineText = place.LineText(match.Offset);
        if (InlineSuppression.IsSuppressed(lineText))
        {
            return;
        }
        var rule = match.Rule;
        if (!_reported.Add((place.Path, line, rule.Id)))
        {
            // exec(compile(...)) and similar nest two sinks on one line: one finding is enough.
            return;
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = rule.Category, ["callee"] = match.Subject };
        var message = $"{rule.Title}: {match.Subject}";
        if (match.Source is { } source)
        {
            var (sourceLine, _, sourceCell) = place.At(source.Offset);
            message = $"{rule.Title}: {source.Description} from line {sourceLine} reaches {match.Subject} at line {line}";
            properties["source"] = source.Description;
            properties["sourceLine"] = sourceLine.ToString(CultureInfo.InvariantCulture);
            properties["sinkLine"] = line.ToString(CultureInfo.InvariantCulture);
            if (sourceCell is not null)
            {
                properties["sourceCell"] = sourceCell.Value.ToString(CultureInfo.InvariantCulture);
            }
        }
        if (cell is not null)
        {
            properties["cell"] = cell.Value.ToString(CultureInfo.InvariantCulture);
        }
        var trimmed = lineText.Trim().ToString();
        var evidence = rule.Category == "hardcoded-credential" ? Redaction.Redact(trimmed) : Shorten(trimmed);
        findings.Add(new Finding(rule.Id, rule.Title, rule.Severity, place.Location(line, column, cell), message,
            Fingerprint.Create(rule.Id, place.Path, match.Subject, Fingerprint.DigestOf(trimmed)), evidence)
        {
            Properties = properties,
        });
    }

    private void ScanSecrets(string text, Placement place, List<Finding> findings)
    {
        _secretMatches.Clear();
        _secrets.Match(text, 0, text.Length, new MatchContext(place.Path, null, false, _allSecretRules), _secretMatches);
        foreach (var match in _secretMatches)
        {
            var secretRule = secretRules.Rules[match.RuleIndex];
            var id = SecretRulePrefix + secretRule.Id;
            if (disabled.Contains(id) || disabled.Contains("hardcoded-credential-secret"))
            {
                continue;
            }
            var (line, column, cell) = place.At(match.Start);
            // A keyword-argument finding on the same line says less than the secret rule: keep one.
            findings.RemoveAll(f => f.RuleId == "hardcoded-credential-keyword-argument" && f.Location.Path == place.Path && f.Location.Line == line);
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["category"] = "hardcoded-credential",
                ["secretRule"] = secretRule.Id,
                ["entropy"] = match.Entropy.ToString("F2", CultureInfo.InvariantCulture),
            };
            if (cell is not null)
            {
                properties["cell"] = cell.Value.ToString(CultureInfo.InvariantCulture);
            }
            findings.Add(new Finding(id, $"Hard-coded credential: {secretRule.Title}", secretRule.Severity, place.Location(line, column, cell),
                $"{secretRule.Title} in source code; read it from the environment or a secret store",
                Fingerprint.Create(id, place.Path, Fingerprint.DigestOf(match.Secret)), Redaction.Redact(match.Secret))
            {
                Properties = properties,
            });
        }
    }

    public static RuleDescriptor SecretDescriptor(SecretRule rule) => rule.Describe() with { Id = SecretRulePrefix + rule.Id, Tags = ["security", "python", "ml", "hardcoded-credential"] };

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;

    /// <summary>Turns offsets of the analysed text into report positions: the file's own lines, or the notebook's JSON lines.</summary>
    private sealed class Placement(string path, PythonModule module, NotebookCode? notebook)
    {
        public string Path { get; } = path;

        public (int Line, int Column, int? Cell) At(int offset)
        {
            var (line, column) = module.Position(offset);
            if (notebook is null)
            {
                return (line, column, null);
            }
            var origin = notebook.Locate(line);
            return (origin.JsonLine, column, origin.Cell);
        }

        public ReadOnlySpan<char> LineText(int offset)
        {
            var (line, _) = module.Position(offset);
            var start = module.Lines.LineStart(line);
            var end = line < module.Lines.LineCount ? module.Lines.LineStart(line + 1) : module.Text.Length;
            return module.Text.AsSpan(start, Math.Max(0, end - start)).TrimEnd("\r\n");
        }

        public Location Location(int line, int column, int? cell) => new(Path, line, column, line, column + 1)
        {
            InnerPath = cell is null ? null : $"cell {cell}",
        };
    }
}
