namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>What an <c>if:</c> condition can see about a run. Tag and branch are "" when the run has none.</summary>
internal sealed record ConditionContext(string Branch, string Tag, string Event);

/// <summary>A parsed <c>if:</c> condition (see <see cref="ConditionParser"/> for the grammar).</summary>
internal abstract record Condition
{
    public abstract bool Evaluate(ConditionContext context);

    internal sealed record Not(Condition Operand) : Condition
    {
        public override bool Evaluate(ConditionContext context) => !Operand.Evaluate(context);
    }

    internal sealed record And(Condition Left, Condition Right) : Condition
    {
        public override bool Evaluate(ConditionContext context) => Left.Evaluate(context) && Right.Evaluate(context);
    }

    internal sealed record Or(Condition Left, Condition Right) : Condition
    {
        public override bool Evaluate(ConditionContext context) => Left.Evaluate(context) || Right.Evaluate(context);
    }

    internal sealed record Equal(ConditionValue Left, ConditionValue Right, bool Negated) : Condition
    {
        public override bool Evaluate(ConditionContext context) =>
            string.Equals(Left.Resolve(context), Right.Resolve(context), StringComparison.Ordinal) != Negated;
    }

    internal sealed record StartsWith(ConditionValue Text, ConditionValue Prefix) : Condition
    {
        public override bool Evaluate(ConditionContext context) =>
            Text.Resolve(context).StartsWith(Prefix.Resolve(context), StringComparison.Ordinal);
    }
}

/// <summary>A string literal, or one of the variables <c>branch</c>, <c>tag</c>, <c>event</c>.</summary>
internal sealed record ConditionValue(string? Variable, string? Literal)
{
    public static readonly IReadOnlyList<string> Variables = ["branch", "tag", "event"];

    public string Resolve(ConditionContext context) => Variable switch
    {
        "branch" => context.Branch,
        "tag" => context.Tag,
        "event" => context.Event,
        _ => Literal ?? "",
    };
}
