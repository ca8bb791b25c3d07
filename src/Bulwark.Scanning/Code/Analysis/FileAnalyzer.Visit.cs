using Bulwark.Scanning.Code.Python;
using Bulwark.Scanning.Code.Rules;

namespace Bulwark.Scanning.Code.Analysis;

internal sealed partial class FileAnalyzer
{
    private readonly List<CodeRule> _callRules = [];
    private int _visitDepth;
    private int _inComparison;

    private static void VisitAll(IReadOnlyList<Expr> expressions, Action<Expr> visit)
    {
        for (var i = 0; i < expressions.Count; i++)
        {
            visit(expressions[i]);
        }
    }

    private void VisitOptional(Expr? expression)
    {
        if (expression is not null)
        {
            Visit(expression);
        }
    }

    /// <summary>Visits the parts of an assignment target that are evaluated (subscript indexes, attribute bases).</summary>
    private void VisitTarget(Expr target)
    {
        switch (target)
        {
            case SubscriptExpr s:
                Visit(s.Value);
                Visit(s.Index);
                break;
            case AttributeExpr a:
                VisitTarget(a.Value);
                break;
            case SequenceExpr sequence:
                VisitAll(sequence.Elements, VisitTarget);
                break;
        }
    }

    private void Visit(Expr expression)
    {
        if (++_visitDepth > MaxExpressionDepth)
        {
            _visitDepth--;
            return;
        }
        switch (expression)
        {
            case CallExpr call:
                Visit(call.Func);
                foreach (var argument in call.Args)
                {
                    Visit(argument);
                }
                foreach (var keyword in call.Keywords)
                {
                    Visit(keyword.Value);
                }
                CheckCall(call);
                break;
            case AttributeExpr attribute:
                CheckReference(attribute, attribute.Attr);
                Visit(attribute.Value);
                break;
            case NameExpr name:
                CheckReference(name, name.Id);
                break;
            case SubscriptExpr s:
                Visit(s.Value);
                Visit(s.Index);
                break;
            case SliceExpr s:
                VisitOptional(s.Lower);
                VisitOptional(s.Upper);
                VisitOptional(s.Step);
                break;
            case BinaryExpr b:
                Visit(b.Left);
                Visit(b.Right);
                break;
            case UnaryExpr u:
                Visit(u.Operand);
                break;
            case BoolExpr b:
                VisitAll(b.Values, Visit);
                break;
            case CompareExpr c:
                // ssl.CERT_NONE compared with something is a check, not a setting.
                _inComparison++;
                Visit(c.Left);
                VisitAll(c.Comparators, Visit);
                _inComparison--;
                break;
            case IfExpr i:
                Visit(i.Test);
                Visit(i.Body);
                Visit(i.OrElse);
                break;
            case LambdaExpr l:
                Visit(l.Body);
                break;
            case NamedExpr n:
                Visit(n.Value);
                _scope.Bind(n.Target.Id, BindingOf(n.Value));
                break;
            case SequenceExpr s:
                VisitAll(s.Elements, Visit);
                break;
            case DictExpr d:
                foreach (var key in d.Keys)
                {
                    VisitOptional(key);
                }
                VisitAll(d.Values, Visit);
                break;
            case ComprehensionExpr c:
                var outer = _scope;
                _scope = new Scope(outer);
                foreach (var clause in c.Clauses)
                {
                    Visit(clause.Iter);
                    Bind(clause.Target, new Binding((string?)null) { Taint = TaintOf(clause.Iter, 0) });
                    VisitAll(clause.Ifs, Visit);
                }
                Visit(c.Element);
                VisitOptional(c.Value);
                _scope = outer;
                break;
            case FStringExpr f:
                VisitAll(f.Values, Visit);
                break;
            case StarredExpr s:
                Visit(s.Value);
                break;
            case AwaitExpr a:
                Visit(a.Value);
                break;
            case YieldExpr y:
                VisitOptional(y.Value);
                break;
        }
        _visitDepth--;
    }

    private void CheckCall(CallExpr call)
    {
        var name = Qualify(call.Func, 0) ?? "?";
        RegisterUiHandler(call, name);
        _rules.CallRules(name, _callRules);
        foreach (var rule in _callRules)
        {
            if (Holds(rule, call, null, out var source, out var keywordOffset))
            {
                Report(rule, keywordOffset ?? call.Offset, name, source);
            }
        }
    }

    private void CheckReference(Expr expression, string lastPart)
    {
        if (_inComparison > 0 || !_rules.IsReferenceCandidate(lastPart) || Qualify(expression, 0) is not { } name)
        {
            return;
        }
        foreach (var rule in _rules.ReferenceRules(name))
        {
            Report(rule, expression.Offset, name, null);
        }
    }

    private void CheckAssignment(Expr target, Expr value)
    {
        var (last, name) = target switch
        {
            AttributeExpr attribute when _rules.IsAssignCandidate(attribute.Attr) => (attribute.Attr, Qualify(target, 0)),
            NameExpr variable when _rules.IsAssignCandidate(variable.Id) => (variable.Id, variable.Id),
            _ => (null, null),
        };
        if (last is null || name is null)
        {
            return;
        }
        foreach (var rule in _rules.AssignRules(name))
        {
            if (Holds(rule, null, value, out var source))
            {
                Report(rule, target.Offset, name, source);
            }
        }
    }

    /// <summary>gr.Interface(fn=f), gr.ChatInterface(f), button.click(f, …): f's parameters come from the web UI.</summary>
    private void RegisterUiHandler(CallExpr call, string name)
    {
        var isUi = name.StartsWith("gradio.", StringComparison.Ordinal)
            || name.EndsWith(".click", StringComparison.Ordinal) || name.EndsWith(".submit", StringComparison.Ordinal)
            || name.EndsWith(".change", StringComparison.Ordinal);
        if (!isUi)
        {
            return;
        }
        var handler = call.Keywords.FirstOrDefault(k => k.Name == "fn")?.Value ?? (call.Args.Count > 0 ? call.Args[0] : null);
        if (handler is NameExpr function)
        {
            _uiHandlers.Add(function.Id);
        }
    }
}
