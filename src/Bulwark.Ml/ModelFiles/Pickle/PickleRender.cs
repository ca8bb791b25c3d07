using System.Globalization;
using System.Text;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Short, Python-like text for symbolic values, so a finding can show what a call receives.</summary>
internal static class PickleRender
{
    private const int MaxString = 120;
    private const int MaxTotal = 400;
    private const int MaxItems = 6;
    private const int MaxDepth = 3;

    public static string Arguments(IReadOnlyList<PickleValue> arguments)
    {
        var builder = new StringBuilder("(");
        for (var i = 0; i < arguments.Count && i < MaxItems; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }
            Append(builder, arguments[i], 0);
        }
        if (arguments.Count > MaxItems)
        {
            builder.Append(", …");
        }
        builder.Append(arguments.Count == 1 ? ",)" : ")");
        return Clip(builder);
    }

    public static string Value(PickleValue value)
    {
        var builder = new StringBuilder();
        Append(builder, value, 0);
        return Clip(builder);
    }

    private static string Clip(StringBuilder builder) =>
        builder.Length <= MaxTotal ? builder.ToString() : builder.ToString(0, MaxTotal) + "…";

    private static void Append(StringBuilder builder, PickleValue value, int depth)
    {
        if (builder.Length > MaxTotal)
        {
            return;
        }
        switch (value)
        {
            case PickleConstant constant:
                builder.Append(constant.Text);
                break;
            case PickleInt integer:
                builder.Append(integer.Value?.ToString(CultureInfo.InvariantCulture) ?? "<large int>");
                break;
            case PickleString text:
                AppendQuoted(builder, text.Text, text.Truncated);
                break;
            case PickleBytes bytes:
                builder.Append('b');
                AppendQuoted(builder, Encoding.Latin1.GetString(bytes.Data.AsSpan(0, Math.Min(bytes.Data.Length, MaxString))), bytes.Length > MaxString);
                break;
            case PickleGlobal global:
                builder.Append(global.Qualified);
                break;
            case PickleModule module:
                builder.Append("<module ").Append(module.Name).Append('>');
                break;
            case PickleObject obj when depth < MaxDepth:
                Append(builder, obj.Callee, depth + 1);
                builder.Append('(');
                AppendItems(builder, obj.Arguments, depth);
                builder.Append(')');
                break;
            case PickleSequence sequence when depth < MaxDepth:
                builder.Append(sequence.Kind == "list" ? '[' : '(');
                AppendItems(builder, sequence.Items, depth);
                builder.Append(sequence.Kind == "list" ? ']' : ')');
                break;
            case PickleDict dict when depth < MaxDepth:
                var entries = dict.Entries;
                builder.Append('{');
                for (var i = 0; i < entries.Count && i < MaxItems; i++)
                {
                    var (key, item) = entries[i];
                    builder.Append(i > 0 ? ", " : "");
                    Append(builder, key, depth + 1);
                    builder.Append(": ");
                    Append(builder, item, depth + 1);
                }
                builder.Append(entries.Count > MaxItems ? ", …}" : "}");
                break;
            case PickleUnknown unknown:
                builder.Append('<').Append(unknown.What).Append('>');
                break;
            default:
                builder.Append('…');
                break;
        }
    }

    private static void AppendItems(StringBuilder builder, IReadOnlyList<PickleValue> items, int depth)
    {
        for (var i = 0; i < items.Count && i < MaxItems; i++)
        {
            builder.Append(i > 0 ? ", " : "");
            Append(builder, items[i], depth + 1);
        }
        if (items.Count > MaxItems)
        {
            builder.Append(", …");
        }
    }

    private static void AppendQuoted(StringBuilder builder, string text, bool truncated)
    {
        // Like Python's repr: double quotes when the text has single quotes and no double ones.
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        builder.Append(quote);
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaxString)))
        {
            builder.Append(c switch
            {
                _ when c == quote => $"\\{c}",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or (> '~' and < '\u00a0') => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        builder.Append(truncated || text.Length > MaxString ? "…" : "").Append(quote);
    }
}
