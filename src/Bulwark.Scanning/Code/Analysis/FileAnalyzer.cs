using Bulwark.Scanning.Code.Python;
using Bulwark.Scanning.Code.Rules;

namespace Bulwark.Scanning.Code.Analysis;

/// <summary>
/// Runs the rules over one parsed module. It walks statements in order, keeping per-function scopes of what
/// names stand for (imports, aliases, call results, constants, dict literals) and which values are tainted,
/// and checks each call, name reference and attribute assignment against the rule index. Module-level code is
/// walked first and function bodies afterwards (as Python runs them), so a function sees every import and
/// global of its module and a handler registered further down (gr.Interface(fn=...)) is known as one.
/// Recursion over expressions is bounded; a pathological tree is cut off, never a stack overflow.
/// </summary>
internal sealed partial class FileAnalyzer
{
    private const int MaxExpressionDepth = 400;

    private readonly PythonModule _module;
    private readonly CodeRuleIndex _rules;
    private readonly List<CodeMatch> _matches = [];
    private readonly HashSet<(string, int)> _seen = [];
    private readonly Queue<(FunctionDef Function, Scope Parent)> _functions = new();
    private readonly HashSet<string> _uiHandlers = new(StringComparer.Ordinal);
    private Scope _scope = new(null);

    private FileAnalyzer(PythonModule module, CodeRuleIndex rules)
    {
        _module = module;
        _rules = rules;
    }

    public static List<CodeMatch> Analyze(PythonModule module, CodeRuleIndex rules)
    {
        var analyzer = new FileAnalyzer(module, rules);
        analyzer.Statements(module.Body);
        while (analyzer._functions.TryDequeue(out var next))
        {
            analyzer.Function(next.Function, next.Parent);
        }
        return analyzer._matches;
    }

    private void Statements(IReadOnlyList<Stmt> statements)
    {
        foreach (var statement in statements)
        {
            Statement(statement);
        }
    }

    private void Statement(Stmt statement)
    {
        switch (statement)
        {
            case ExprStmt s:
                Visit(s.Value);
                break;
            case AssignStmt s:
                Visit(s.Value);
                var binding = BindingOf(s.Value);
                foreach (var target in s.Targets)
                {
                    VisitTarget(target);
                    CheckAssignment(target, s.Value);
                    Bind(target, binding);
                }
                break;
            case AugAssignStmt s:
                Visit(s.Value);
                VisitTarget(s.Target);
                if (s.Target is NameExpr augmented)
                {
                    var before = _scope.Lookup(augmented.Id);
                    var added = BindingOf(s.Value);
                    _scope.Bind(augmented.Id, new Binding((string?)null)
                    {
                        Taint = before?.Taint ?? added.Taint,
                        IsFormatted = before?.IsFormatted == true || added.IsFormatted || !IsConstant(s.Value),
                        LiteralText = (before?.LiteralText ?? before?.Constant?.Value) + (added.LiteralText ?? added.Constant?.Value),
                    });
                }
                break;
            case AnnAssignStmt s when s.Value is not null:
                Visit(s.Value);
                VisitTarget(s.Target);
                CheckAssignment(s.Target, s.Value);
                Bind(s.Target, BindingOf(s.Value));
                break;
            case ReturnStmt { Value: { } value }:
                Visit(value);
                break;
            case DeleteStmt s:
                VisitAll(s.Targets, Visit);
                break;
            case RaiseStmt s:
                VisitOptional(s.Exception);
                VisitOptional(s.Cause);
                break;
            case AssertStmt s:
                Visit(s.Test);
                VisitOptional(s.Message);
                break;
            case ImportStmt s:
                foreach (var alias in s.Names)
                {
                    var first = alias.Name.Split('.')[0];
                    _scope.Bind(alias.AsName ?? first, new Binding(alias.AsName is null ? first : alias.Name));
                }
                break;
            case ImportFromStmt s:
                foreach (var alias in s.Names.Where(a => a.Name != "*"))
                {
                    _scope.Bind(alias.AsName ?? alias.Name, new Binding(s.Module is null ? alias.Name : $"{s.Module}.{alias.Name}"));
                }
                break;
            case IfStmt s:
                Visit(s.Test);
                Statements(s.Body);
                Statements(s.OrElse);
                break;
            case WhileStmt s:
                Visit(s.Test);
                Statements(s.Body);
                Statements(s.OrElse);
                break;
            case ForStmt s:
                Visit(s.Iter);
                Bind(s.Target, new Binding((string?)null) { Taint = TaintOf(s.Iter, 0) });
                Statements(s.Body);
                Statements(s.OrElse);
                break;
            case WithStmt s:
                foreach (var item in s.Items)
                {
                    Visit(item.Context);
                    if (item.Target is not null)
                    {
                        Bind(item.Target, BindingOf(item.Context));
                    }
                }
                Statements(s.Body);
                break;
            case TryStmt s:
                Statements(s.Body);
                foreach (var handler in s.Handlers)
                {
                    VisitOptional(handler.Type);
                    if (handler.Name is not null)
                    {
                        _scope.Bind(handler.Name, Binding.Unknown);
                    }
                    Statements(handler.Body);
                }
                Statements(s.OrElse);
                Statements(s.Finally);
                break;
            case FunctionDef s:
                VisitAll(s.Decorators, Visit);
                foreach (var parameter in s.Parameters)
                {
                    VisitOptional(parameter.Default);
                }
                _scope.Bind(s.Name, new Binding($"local.{s.Name}"));
                _functions.Enqueue((s, _scope));
                break;
            case ClassDef s:
                VisitAll(s.Decorators, Visit);
                VisitAll(s.Bases, Visit);
                foreach (var keyword in s.Keywords)
                {
                    Visit(keyword.Value);
                }
                var outer = _scope;
                _scope = new Scope(outer);
                Statements(s.Body);
                _scope = outer;
                _scope.Bind(s.Name, new Binding($"local.{s.Name}"));
                break;
            case MatchStmt s:
                Visit(s.Subject);
                foreach (var matchCase in s.Cases)
                {
                    VisitOptional(matchCase.Guard);
                    Statements(matchCase.Body);
                }
                break;
        }
    }

    private void Function(FunctionDef function, Scope parent)
    {
        var outer = _scope;
        _scope = new Scope(parent);
        var handler = IsRequestHandler(function);
        foreach (var parameter in function.Parameters)
        {
            var tainted = handler && IsRequestValue(parameter);
            _scope.Bind(parameter.Name, new Binding(parameter.Name)
            {
                Taint = tainted ? new Taint(TaintKind.Request, parameter.Offset, $"request parameter '{parameter.Name}'") : null,
            });
        }
        Statements(function.Body);
        _scope = outer;
    }

    /// <summary>Flask/FastAPI/Starlette routes (@app.route, @router.post, …) and functions wired to Gradio events.</summary>
    private bool IsRequestHandler(FunctionDef function)
    {
        if (_uiHandlers.Contains(function.Name))
        {
            return true;
        }
        foreach (var decorator in function.Decorators)
        {
            var name = Qualify(decorator is CallExpr call ? call.Func : decorator, 0);
            if (name is null || name.StartsWith("requests.", StringComparison.Ordinal) || name.StartsWith("httpx.", StringComparison.Ordinal)
                || name.Contains("mock", StringComparison.Ordinal))
            {
                continue;
            }
            var last = name.AsSpan(name.LastIndexOf('.') + 1);
            if (name.Contains('.') && last is "route" or "get" or "post" or "put" or "delete" or "patch" or "api_route" or "websocket" or "head" or "options")
            {
                return true;
            }
            if (name is "functions_framework.http")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Request-bound parameters: not self/cls, not framework objects or injected dependencies.</summary>
    private bool IsRequestValue(Parameter parameter)
    {
        if (parameter.Name is "self" or "cls" or "request" or "req" or "db" or "session" or "background_tasks" or "response")
        {
            return false;
        }
        if (parameter.Default is CallExpr call && Qualify(call.Func, 0) is { } name && name.EndsWith("Depends", StringComparison.Ordinal))
        {
            return false;
        }
        return parameter.Annotation is not NameExpr { Id: "Request" or "Session" or "Response" or "BackgroundTasks" or "WebSocket" };
    }

    private void Bind(Expr target, Binding binding)
    {
        switch (target)
        {
            case NameExpr name:
                _scope.Bind(name.Id, binding);
                break;
            case SequenceExpr sequence:
                foreach (var element in sequence.Elements)
                {
                    Bind(element, new Binding((string?)null) { Taint = binding.Taint });
                }
                break;
            case StarredExpr starred:
                Bind(starred.Value, new Binding((string?)null) { Taint = binding.Taint });
                break;
        }
    }

    private void Report(CodeRule rule, int offset, string subject, Taint? source)
    {
        if (_seen.Add((rule.Id, offset)))
        {
            _matches.Add(new CodeMatch(rule, offset, subject, source));
        }
    }
}
