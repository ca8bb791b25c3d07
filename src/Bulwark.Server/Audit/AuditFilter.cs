using Bulwark.Server.Storage;

namespace Bulwark.Server.Audit;

/// <summary>
/// What a reader asks of the log (API, viewer, export): a time window, an action prefix, an actor name, an
/// outcome. Every field is bounded so a query cannot be made arbitrarily expensive.
/// </summary>
internal sealed record AuditFilter
{
    public const int MaxTextLength = 100;
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 100;

    public DateTime? Since { get; init; }

    public DateTime? Until { get; init; }

    /// <summary>Exact action, or a dotted prefix such as <c>auth.</c> or <c>auth.sign-in</c>.</summary>
    public string? Action { get; init; }

    public string? Actor { get; init; }

    /// <summary>success or failure.</summary>
    public string? Outcome { get; init; }

    /// <summary>Why the filter is unusable (naming the field), or null.</summary>
    public string? Problem() => this switch
    {
        { Action.Length: > MaxTextLength } => $"action must be at most {MaxTextLength} characters",
        { Actor.Length: > MaxTextLength } => $"actor must be at most {MaxTextLength} characters",
        { Outcome: not (null or "" or "success" or "failure") } => "outcome must be success or failure",
        { Since: { } since, Until: { } until } when until < since => "until must not be before since",
        _ => null,
    };

    public IQueryable<AuditEntry> Apply(BulwarkDbContext db)
    {
        var query = db.AuditEntries.AsQueryable();
        if (Since is { } since)
        {
            query = query.Where(e => e.Timestamp >= since);
        }
        if (Until is { } until)
        {
            query = query.Where(e => e.Timestamp < until);
        }
        if (!string.IsNullOrEmpty(Action))
        {
            var action = Action;
            query = action.EndsWith('.') ? query.Where(e => e.Action.StartsWith(action)) : query.Where(e => e.Action == action || e.Action.StartsWith(action + "."));
        }
        if (!string.IsNullOrEmpty(Actor))
        {
            var actor = Actor;
            query = query.Where(e => e.ActorName == actor);
        }
        if (!string.IsNullOrEmpty(Outcome))
        {
            var outcome = Outcome;
            query = query.Where(e => e.Outcome == outcome);
        }
        return query;
    }
}
