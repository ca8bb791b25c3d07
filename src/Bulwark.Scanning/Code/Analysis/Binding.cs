using Bulwark.Scanning.Code.Python;

namespace Bulwark.Scanning.Code.Analysis;

/// <summary>
/// What the analysis knows about a name at a point of a function: the qualified name it stands for (an import
/// alias, a module attribute, or "callee()" for the result of a call), the call that produced it, a constant or
/// dict literal it holds, its taint, and whether it holds SQL-like text built by formatting.
/// </summary>
internal sealed record Binding(string? QualifiedName)
{
    public CallExpr? FromCall { get; init; }

    public ConstantExpr? Constant { get; init; }

    public DictExpr? Dict { get; init; }

    public Taint? Taint { get; init; }

    /// <summary>Text assembled from pieces at run time (f-string, +, %, .format) with at least one non-literal piece.</summary>
    public bool IsFormatted { get; init; }

    /// <summary>The literal parts of formatted text, to tell SQL from other strings.</summary>
    public string? LiteralText { get; init; }

    public static Binding Unknown { get; } = new((string?)null);
}

/// <summary>
/// Names visible in one function (or the module): a flat, flow-insensitive-per-branch map where later
/// assignments replace earlier ones, looked up before the enclosing module scope.
/// </summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, Binding> _names = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public void Bind(string name, Binding binding) => _names[name] = binding;

    public Binding? Lookup(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._names.TryGetValue(name, out var binding))
            {
                return binding;
            }
        }
        return null;
    }
}
