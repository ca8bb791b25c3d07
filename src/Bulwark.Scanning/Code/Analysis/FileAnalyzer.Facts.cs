using Bulwark.Scanning.Code.Python;

namespace Bulwark.Scanning.Code.Analysis;

internal sealed partial class FileAnalyzer
{
    private static readonly HashSet<string> Sanitizers = new(StringComparer.Ordinal)
    {
        "int", "float", "bool", "len", "str.isdigit", "shlex.quote", "pipes.quote", "os.path.basename", "werkzeug.utils.secure_filename",
        "werkzeug.secure_filename", "secure_filename", "html.escape", "markupsafe.escape", "flask.escape", "bleach.clean",
        "urllib.parse.quote", "urllib.parse.quote_plus", "re.escape", "uuid.UUID", "ast.literal_eval", "hash", "isinstance",
    };

    private static readonly HashSet<string> RequestAttributes = new(StringComparer.Ordinal)
    {
        "args", "form", "values", "json", "data", "files", "cookies", "headers", "get_json", "get_data", "query_params",
        "path_params", "body", "stream", "form_data", "GET", "POST", "FILES", "query_string", "view_args", "text",
    };

    private static readonly HashSet<string> LlmMethods = new(StringComparer.Ordinal)
    {
        "invoke", "ainvoke", "batch", "abatch", "stream", "astream", "generate", "agenerate", "generate_content",
        "complete", "acomplete", "chat", "predict_messages", "text_generation", "chat_completion",
    };

    private static readonly HashSet<string> ReadMethods = new(StringComparer.Ordinal) { "read", "readline", "readlines", "read_text", "read_bytes" };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LlmMethodLookup = LlmMethods.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReadMethodLookup = ReadMethods.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The qualified name an expression stands for: imports and aliases resolved ("pk.loads" → "pickle.loads"),
    /// call results as "callee()", subscripts as "value[]". Null when it has none (literals, operators).
    /// </summary>
    private string? Qualify(Expr expression, int depth)
    {
        if (depth > MaxExpressionDepth)
        {
            return null;
        }
        switch (expression)
        {
            case NameExpr name:
                var binding = _scope.Lookup(name.Id);
                return binding is null ? name.Id : binding.QualifiedName;
            case AttributeExpr attribute:
                return Qualify(attribute.Value, depth + 1) is { } owner ? $"{owner}.{attribute.Attr}" : null;
            case CallExpr call:
                return Qualify(call.Func, depth + 1) is { } callee ? $"{callee}()" : null;
            case SubscriptExpr subscript:
                return Qualify(subscript.Value, depth + 1) is { } value ? $"{value}[]" : null;
            default:
                return null;
        }
    }

    private Binding BindingOf(Expr value)
    {
        var (formatted, literal) = Formatting(value, 0);
        var constant = ConstantOf(value);
        return new Binding(value is NameExpr or AttributeExpr or CallExpr or SubscriptExpr ? Qualify(value, 0) : null)
        {
            FromCall = value as CallExpr,
            Constant = constant,
            Dict = DictOf(value),
            Taint = TaintOf(value, 0),
            IsFormatted = formatted,
            LiteralText = literal ?? constant?.Value,
        };
    }

    private ConstantExpr? ConstantOf(Expr? expression) => expression switch
    {
        ConstantExpr constant => constant,
        NameExpr name => _scope.Lookup(name.Id)?.Constant,
        _ => null,
    };

    private bool IsConstant(Expr expression) => ConstantOf(expression) is not null;

    private DictExpr? DictOf(Expr expression) => expression switch
    {
        DictExpr dict => dict,
        NameExpr name => _scope.Lookup(name.Id)?.Dict,
        _ => null,
    };

    /// <summary>Where untrusted data in <paramref name="expression"/> comes from, if anywhere.</summary>
    private Taint? TaintOf(Expr? expression, int depth)
    {
        if (expression is null || depth > MaxExpressionDepth)
        {
            return null;
        }
        depth++;
        switch (expression)
        {
            case NameExpr name:
                return _scope.Lookup(name.Id)?.Taint;
            case AttributeExpr attribute:
                var mayBeSource = RequestAttributes.Contains(attribute.Attr) || attribute.Attr is "argv" or "environ" or "stdin";
                return (mayBeSource ? SourceOf(attribute, Qualify(attribute, 0)) : null) ?? TaintOf(attribute.Value, depth);
            case SubscriptExpr subscript:
                return TaintOf(subscript.Value, depth);
            case CallExpr call:
                return CallTaint(call, depth);
            case BinaryExpr binary:
                return TaintOf(binary.Left, depth) ?? TaintOf(binary.Right, depth);
            case FStringExpr fstring:
                return First(fstring.Values, depth);
            case BoolExpr boolean:
                return First(boolean.Values, depth);
            case IfExpr conditional:
                return TaintOf(conditional.Body, depth) ?? TaintOf(conditional.OrElse, depth);
            case SequenceExpr sequence:
                return First(sequence.Elements, depth);
            case DictExpr dict:
                return First(dict.Values, depth);
            case ComprehensionExpr comprehension:
                return TaintOf(comprehension.Element, depth) ?? TaintOf(comprehension.Value, depth) ?? (comprehension.Clauses.Count > 0 ? TaintOf(comprehension.Clauses[0].Iter, depth) : null);
            case StarredExpr starred:
                return TaintOf(starred.Value, depth);
            case AwaitExpr awaited:
                return TaintOf(awaited.Value, depth);
            case NamedExpr named:
                return TaintOf(named.Value, depth);
            default:
                return null;
        }
    }

    private Taint? First(IReadOnlyList<Expr> expressions, int depth)
    {
        foreach (var expression in expressions)
        {
            if (TaintOf(expression, depth) is { } taint)
            {
                return taint;
            }
        }
        return null;
    }

    /// <summary>Attributes that are sources themselves: request.args, sys.argv, os.environ, sys.stdin.</summary>
    private static Taint? SourceOf(Expr expression, string? name)
    {
        if (name is null || !(name.Contains("req", StringComparison.Ordinal) || name.StartsWith("sys.", StringComparison.Ordinal) || name.StartsWith("os.environ", StringComparison.Ordinal)))
        {
            return null;
        }
        if (name is "sys.argv")
        {
            return new Taint(TaintKind.Argv, expression.Offset, "command-line argument");
        }
        if (name is "os.environ")
        {
            return new Taint(TaintKind.Environment, expression.Offset, "environment variable");
        }
        if (name.StartsWith("sys.stdin", StringComparison.Ordinal))
        {
            return new Taint(TaintKind.Input, expression.Offset, "standard input");
        }
        var parts = name.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (parts[i] is "request" or "req" or "request()" && RequestAttributes.Contains(parts[i + 1].TrimEnd('(', ')')))
            {
                return new Taint(TaintKind.Request, expression.Offset, $"request data ({string.Join('.', parts[i..(i + 2)]).Replace("()", "", StringComparison.Ordinal)})");
            }
        }
        return null;
    }

    private Taint? CallTaint(CallExpr call, int depth)
    {
        var name = Qualify(call.Func, 0);
        if (name is not null)
        {
            if (name is "input" or "raw_input" or "builtins.input")
            {
                return new Taint(TaintKind.Input, call.Offset, "input()");
            }
            if (name is "os.getenv" or "os.environ.get" or "os.getenvb")
            {
                return new Taint(TaintKind.Environment, call.Offset, "environment variable");
            }
            if (SourceOf(call, name) is { } source)
            {
                return source;
            }
            if (IsNetwork(name))
            {
                return new Taint(TaintKind.Network, call.Offset, $"download ({name})");
            }
            var last = name.AsSpan(name.LastIndexOf('.') + 1);
            if ((name.Contains('.') && LlmMethodLookup.Contains(last)) || name.EndsWith("completions.create", StringComparison.Ordinal)
                || name.EndsWith("messages.create", StringComparison.Ordinal) || name.EndsWith("responses.create", StringComparison.Ordinal)
                || name is "ollama.chat" or "ollama.generate" or "litellm.completion")
            {
                return new Taint(TaintKind.Llm, call.Offset, $"LLM output ({name})");
            }
            if (Sanitizers.Contains(name))
            {
                return null;
            }
            if (ReadMethodLookup.Contains(last) && call.Func is AttributeExpr reader)
            {
                return TaintOf(reader.Value, depth) ?? FileSource(reader.Value, call);
            }
            if (name is "open" or "io.open" or "builtins.open" or "pathlib.Path")
            {
                return First(call.Args, depth);
            }
        }
        if (call.Func is AttributeExpr method && TaintOf(method.Value, depth) is { } receiver)
        {
            return receiver;
        }
        foreach (var keyword in call.Keywords)
        {
            if (TaintOf(keyword.Value, depth) is { } taint)
            {
                return taint;
            }
        }
        return First(call.Args, depth);
    }

    private static bool IsNetwork(string name) =>
        name.StartsWith("requests.", StringComparison.Ordinal) || name.StartsWith("httpx.", StringComparison.Ordinal)
        || name.StartsWith("urllib.request.urlopen", StringComparison.Ordinal) || name.StartsWith("urllib3.", StringComparison.Ordinal)
        || name.EndsWith("hf_hub_download", StringComparison.Ordinal) || name.EndsWith("snapshot_download", StringComparison.Ordinal)
        || name is "urlopen" or "six.moves.urllib.request.urlopen" or "wget.download" or "urllib.request.urlretrieve";

    /// <summary>A read from a file opened with a computed path: what the file says is not under the program's control.</summary>
    private Taint? FileSource(Expr receiver, CallExpr read)
    {
        var opened = receiver as CallExpr ?? (receiver is NameExpr name ? _scope.Lookup(name.Id)?.FromCall : null);
        if (opened is null || Qualify(opened.Func, 0) is not ("open" or "io.open" or "pathlib.Path" or "codecs.open"))
        {
            return null;
        }
        return opened.Args.Count > 0 && !IsConstant(opened.Args[0]) ? new Taint(TaintKind.File, read.Offset, "file contents") : null;
    }

    /// <summary>Whether text is assembled at run time from non-literal pieces, and the literal text around them.</summary>
    private (bool Formatted, string? Literal) Formatting(Expr expression, int depth)
    {
        if (depth > MaxExpressionDepth)
        {
            return (false, null);
        }
        switch (expression)
        {
            case FStringExpr fstring:
                return (fstring.Values.Any(v => !IsConstant(v)), fstring.Literal);
            case ConstantExpr { Kind: ConstantKind.String } constant:
                return (false, constant.Value);
            case NameExpr name when _scope.Lookup(name.Id) is { } binding:
                return (binding.IsFormatted, binding.LiteralText ?? binding.Constant?.Value);
            case BinaryExpr { Op: TokenKind.Plus } plus:
                var left = Formatting(plus.Left, depth + 1);
                var right = Formatting(plus.Right, depth + 1);
                var literal = left.Literal ?? right.Literal;
                var dynamic = left.Formatted || right.Formatted || (literal is not null && (left.Literal is null || right.Literal is null));
                return (dynamic, left.Literal + right.Literal);
            case BinaryExpr { Op: TokenKind.Percent } percent:
                var format = Formatting(percent.Left, depth + 1);
                return (format.Literal is not null && (format.Formatted || !IsConstant(percent.Right)), format.Literal);
            case CallExpr { Func: AttributeExpr { Attr: "format" } method } call:
                var template = Formatting(method.Value, depth + 1);
                return (template.Literal is not null && (template.Formatted || call.Args.Any(a => !IsConstant(a)) || call.Keywords.Any(k => !IsConstant(k.Value))), template.Literal);
            case CallExpr { Func: AttributeExpr { Attr: "join" } } join:
                return (join.Args.Count > 0 && !IsConstant(join.Args[0]), "");
            default:
                return (false, null);
        }
    }
}
