using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>
/// Looks for Jinja server-side template injection gadgets in a chat template. Only the code inside
/// <c>{{ }}</c> and <c>{% %}</c> is examined (text and <c>{# #}</c> comments are output, not code):
/// identifiers and string literals with a double underscore (<c>__class__</c>, <c>__globals__</c>,
/// <c>_TemplateReference__context</c>) are critical, as are escaped characters in string literals (the way
/// to spell a dunder past a filter); gadget roots (<c>cycler</c>, <c>joiner</c>, <c>lipsum</c>, <c>request</c>,
/// <c>config</c>, <c>self</c>), the <c>attr</c> filter and Python module names are high. A heuristic: it
/// reports constructs, it does not evaluate the template.
/// </summary>
internal static class ChatTemplateInspector
{
    private const int MaxFindingsPerTemplate = 10;
    private const int ExcerptChars = 120;

    private static readonly Dictionary<string, string> HighIdentifiers = new(StringComparer.Ordinal)
    {
        ["cycler"] = "a Jinja global whose __init__.__globals__ reaches Python's os module",
        ["joiner"] = "a Jinja global whose __init__.__globals__ reaches Python's os module",
        ["lipsum"] = "a Jinja global whose __globals__ reaches Python's os module",
        ["request"] = "a web-framework object used as an injection gadget root",
        ["config"] = "a web-framework object used as an injection gadget root",
        ["self"] = "the template reference, a gadget root for its private context",
        ["attr"] = "the attr filter, used to reach dunder attributes past sandbox checks",
        ["os"] = "Python's os module",
        ["subprocess"] = "Python's subprocess module",
        ["popen"] = "process creation",
        ["builtins"] = "Python builtins",
        ["globals"] = "Python globals",
        ["getattr"] = "dynamic attribute access",
        ["eval"] = "Python evaluation",
        ["exec"] = "Python execution",
        ["import"] = "Python import",
    };

    public static bool IsTemplateKey(string key) =>
        key == "tokenizer.chat_template" || key.StartsWith("tokenizer.chat_template.", StringComparison.Ordinal);

    public static void Inspect(string template, string key, ModelLocation where, ModelScanContext context)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < template.Length - 1 && reported.Count < MaxFindingsPerTemplate)
        {
            if (template[i] == '{' && template[i + 1] is '{' or '%' or '#')
            {
                var close = template[i + 1] == '{' ? "}}" : template[i + 1] == '%' ? "%}" : "#}";
                var end = template.IndexOf(close, i + 2, StringComparison.Ordinal);
                end = end < 0 ? template.Length : end;
                if (template[i + 1] != '#')
                {
                    InspectCode(template, i + 2, end, key, where, context, reported);
                }
                i = end + 2;
            }
            else
            {
                i++;
            }
        }
    }

    private static void InspectCode(string template, int start, int end, string key, ModelLocation where, ModelScanContext context, HashSet<string> reported)
    {
        var i = start;
        while (i < end)
        {
            var c = template[i];
            if (c is '\'' or '"')
            {
                var literalStart = i++;
                var escaped = false;
                while (i < end && template[i] != c)
                {
                    escaped |= template[i] == '\\' && i + 1 < end && template[i + 1] is 'x' or 'u' or 'U' or 'N' or '0';
                    i += template[i] == '\\' ? 2 : 1;
                }
                var literal = template.AsSpan(literalStart, Math.Min(i + 1, end) - literalStart);
                if (literal.Contains("__", StringComparison.Ordinal))
                {
                    Report(template, literalStart, "dunder string", "names a Python internal attribute in a string (used with attr or getattr)", Severity.Critical, key, where, context, reported);
                }
                if (escaped)
                {
                    Report(template, literalStart, "escaped string", "spells characters with escape sequences, the way to hide a dunder name from filters", Severity.Critical, key, where, context, reported);
                }
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var identifierStart = i;
                while (i < end && (char.IsAsciiLetterOrDigit(template[i]) || template[i] == '_'))
                {
                    i++;
                }
                var identifier = template[identifierStart..i];
                var afterDot = identifierStart > 0 && template[identifierStart - 1] == '.';
                if (identifier.Contains("__", StringComparison.Ordinal))
                {
                    Report(template, identifierStart, identifier, "reaches a Python internal attribute, the first step of every sandbox escape", Severity.Critical, key, where, context, reported);
                }
                else if (!afterDot && HighIdentifiers.TryGetValue(identifier, out var why) && (identifier != "attr" || PrecededByPipe(template, identifierStart)))
                {
                    Report(template, identifierStart, identifier, $"uses '{identifier}', {why}", Severity.High, key, where, context, reported);
                }
            }
            else
            {
                i++;
            }
        }
    }

    private static bool PrecededByPipe(string template, int index)
    {
        var j = index - 1;
        while (j >= 0 && char.IsWhiteSpace(template[j]))
        {
            j--;
        }
        return j >= 0 && template[j] == '|';
    }

    private static void Report(string template, int index, string construct, string why, Severity severity, string key, ModelLocation where, ModelScanContext context, HashSet<string> reported)
    {
        if (reported.Count >= MaxFindingsPerTemplate || !reported.Add(construct))
        {
            return;
        }
        var from = Math.Max(0, index - 40);
        var excerpt = template.Substring(from, Math.Min(ExcerptChars, template.Length - from)).ReplaceLineEndings(" ");
        context.Report(new ModelIssue(GgufRules.TemplateInjection, severity, where, $"chat template '{key}' {why}: {excerpt}")
        {
            Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["key"] = key, ["construct"] = construct, ["excerpt"] = excerpt },
        });
    }
}
