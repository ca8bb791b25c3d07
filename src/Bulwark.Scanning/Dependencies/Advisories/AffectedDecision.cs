namespace Bulwark.Scanning.Dependencies.Advisories;

/// <summary>The outcome of <see cref="AffectedRangeEvaluator"/>; <see cref="Reason"/> says why when Unknown.</summary>
internal readonly record struct AffectedDecision(AffectedVerdict Verdict, string? Reason = null)
{
    public static AffectedDecision Affected { get; } = new(AffectedVerdict.Affected);

    public static AffectedDecision NotAffected { get; } = new(AffectedVerdict.NotAffected);

    public bool IsAffected => Verdict == AffectedVerdict.Affected;

    public static AffectedDecision Unknown(string reason) => new(AffectedVerdict.Unknown, reason);
}
