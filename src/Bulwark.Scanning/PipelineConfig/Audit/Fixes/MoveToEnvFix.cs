using System.Text;
using Bulwark.Scanning.PipelineConfig.Audit.Expressions;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.Fixes;

/// <summary>
/// Moves <c>${{ }}</c> expressions out of a <c>run:</c> script into the step's <c>env:</c> and refers to them as
/// shell variables (<c>${NAME}</c>, or <c>$env:NAME</c> for PowerShell), so the shell receives them as data.
/// An expression inside single quotes (where the variable would not expand) or one that cannot be placed
/// exactly in the file is left alone.
/// </summary>
internal sealed record MoveToEnvFix(YamlNode Step, YamlNode Run, IReadOnlyList<AnalyzedExpression> Expressions, bool PowerShell)
    : FixRequest("move ${{ }} expressions from run: into env:")
{
    public override IReadOnlyList<TextEdit> Plan(AuditFile file)
    {
        var edits = new List<TextEdit>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(Step.Get("env").Entries().Select(e => e.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var expression in Expressions)
        {
            var length = expression.Embedded.End - expression.Embedded.Start;
            var start = expression.RawStart;
            if (start < 0 || start + length > file.Text.Length || !file.Text.AsSpan(start, length).SequenceEqual(Run.Value.AsSpan(expression.Embedded.Start, length))
                || (!PowerShell && InsideSingleQuotes(file.Text, start)))
            {
                continue;
            }
            if (!names.TryGetValue(expression.Embedded.Inner, out var name))
            {
                name = Unique(NameFor(expression), taken);
                names[expression.Embedded.Inner] = name;
            }
            edits.Add(new TextEdit(start, start + length, PowerShell ? "$env:" + name : "${" + name + "}"));
        }
        if (edits.Count == 0)
        {
            return [];
        }
        var entries = names.Select(n => $"{n.Value}: {StepEditor.Scalar("${{ " + n.Key + " }}")}").ToList();
        var insert = StepEditor.AddEntries(file, Step, "env", entries);
        if (insert.Count == 0)
        {
            return [];
        }
        edits.AddRange(insert);
        return edits;
    }

    /// <summary><c>github.event.pull_request.title</c> becomes PULL_REQUEST_TITLE; GitHub reserves GITHUB_ and RUNNER_ names.</summary>
    private static string NameFor(AnalyzedExpression expression)
    {
        var path = expression.Expr is { } expr ? ExpressionFlow.PathOf(expr) ?? expression.Flows.FirstOrDefault().Path : null;
        if (string.IsNullOrEmpty(path))
        {
            return "EXPR_VALUE";
        }
        var segments = path.Split('.').Where(s => s != "*" && s is not ("github" or "event" or "inputs" or "outputs")).TakeLast(2);
        var builder = new StringBuilder();
        foreach (var c in string.Join('_', segments).ToUpperInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        var name = builder.Length == 0 || char.IsAsciiDigit(builder[0]) ? "V_" + builder : builder.ToString();
        return name.StartsWith("GITHUB_", StringComparison.Ordinal) || name.StartsWith("RUNNER_", StringComparison.Ordinal) ? "X_" + name : name;
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; !taken.Add(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }
        return candidate;
    }

    private static bool InsideSingleQuotes(string text, int offset)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        var quotes = 0;
        var doubleQuoted = false;
        for (var i = lineStart; i < offset; i++)
        {
            if (text[i] == '"' && quotes % 2 == 0)
            {
                doubleQuoted = !doubleQuoted;
            }
            else if (text[i] == '\'' && !doubleQuoted)
            {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }
}
