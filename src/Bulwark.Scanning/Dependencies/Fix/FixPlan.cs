namespace Bulwark.Scanning.Dependencies.Fix;

/// <summary>What <c>deps fix</c> would change, and what it cannot change itself.</summary>
internal sealed record FixPlan(IReadOnlyList<FileEdit> Edits, IReadOnlyList<ManualStep> Manual);

/// <summary>One line of one manifest, before and after, and the upgrade it makes.</summary>
internal sealed record FileEdit(string File, int Line, string Before, string After, string Package, string From, string To);

/// <summary>A vulnerable package Bulwark cannot fix by editing a manifest line, and what to do instead.</summary>
internal sealed record ManualStep(string File, int Line, string Package, string Message);
