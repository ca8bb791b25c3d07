using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// A rule's pattern, with two engines behind it. Built-in patterns have a fast form, compiled ahead of time
/// by the regex source generator (no start-up cost, the quickest matcher .NET has). It backtracks, so:
/// no built-in pattern repeats a group that itself repeats (a test checks), which rules out exponential
/// blow-up; the matcher only ever hands it a bounded window of text, which bounds any polynomial one; and a
/// call that takes longer than <see cref="Budget"/> moves the pattern for good to the NonBacktracking engine,
/// linear in the input. Slow text thus costs one slow call per pattern at most, and never changes a result.
/// Patterns without a fast form (user rules) use NonBacktracking only. Thread-safe.
/// </summary>
internal sealed class RuleRegex
{
    /// <summary>
    /// Real windows take microseconds. The budget is checked after each call rather than by the regex's own
    /// timeout, which reads the clock on every loop iteration and cost a scan a tenth of its time.
    /// </summary>
    internal static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    private readonly Regex? _fast;
    private readonly Lazy<Regex> _linear;
    private volatile bool _fastOverran;

    private RuleRegex(string pattern, Regex? fast, Lazy<Regex> linear)
    {
        Pattern = pattern;
        _fast = fast;
        _linear = linear;
    }

    /// <summary>A pattern with a given fast form: tests give one that overruns its budget.</summary>
    internal RuleRegex(string pattern, Regex fast)
        : this(pattern, fast, new Lazy<Regex>(() => BuildLinear(pattern), LazyThreadSafetyMode.ExecutionAndPublication))
    {
    }

    /// <summary>The .NET pattern (after Go syntax translation).</summary>
    public string Pattern { get; }

    /// <summary>True while calls go to the ahead-of-time backtracking form.</summary>
    public bool UsesFastForm => _fast is not null && !_fastOverran;

    /// <summary>
    /// A built-in pattern: the precompiled form when there is one; the NonBacktracking form is built on first
    /// need (a test proves every built-in pattern builds under both engines and that they agree on the samples).
    /// </summary>
    public static RuleRegex ForBuiltIn(string pattern) =>
        new(pattern, PrecompiledRuleRegexes.Find(pattern), new Lazy<Regex>(() => BuildLinear(pattern), LazyThreadSafetyMode.ExecutionAndPublication));

    /// <summary>A user pattern, built now so a bad one fails at start-up; an exact copy of a built-in pattern keeps its fast form.</summary>
    public static RuleRegex ForUser(string pattern)
    {
        var linear = new Lazy<Regex>(BuildLinear(pattern));
        return new RuleRegex(pattern, PrecompiledRuleRegexes.Find(pattern), linear);
    }

    /// <summary>The NonBacktracking form only, never the fast one (tests compare the two engines with it).</summary>
    public static RuleRegex LinearOnly(string pattern) => new(pattern, null, new Lazy<Regex>(BuildLinear(pattern)));

    public bool IsMatch(string input)
    {
        if (!UsesFastForm)
        {
            return _linear.Value.IsMatch(input);
        }
        var started = Stopwatch.GetTimestamp();
        var result = _fast!.IsMatch(input);
        CheckBudget(started);
        return result;
    }

    /// <summary>Adds the start and length of every match in <paramref name="input"/> to <paramref name="into"/>.</summary>
    public void Matches(ReadOnlySpan<char> input, List<(int Index, int Length)> into)
    {
        var fast = UsesFastForm;
        var started = Stopwatch.GetTimestamp();
        foreach (var match in (fast ? _fast! : _linear.Value).EnumerateMatches(input))
        {
            into.Add((match.Index, match.Length));
        }
        if (fast)
        {
            CheckBudget(started);
        }
    }

    /// <summary>Group <paramref name="group"/> of the match within input[start..start+length], or null when it did not take part.</summary>
    public (int Index, string Value)? Group(string input, int start, int length, int group)
    {
        if (!UsesFastForm)
        {
            return Captured(_linear.Value.Match(input, start, length), group);
        }
        var started = Stopwatch.GetTimestamp();
        var result = Captured(_fast!.Match(input, start, length), group);
        CheckBudget(started);
        return result;
    }

    /// <summary>Numbers of the capture groups, 0 included (the same for both engines).</summary>
    public int[] GetGroupNumbers() => (_fast ?? _linear.Value).GetGroupNumbers();

    public override string ToString() => Pattern;

    /// <summary>A call that took longer than the budget sends every later call to the linear engine.</summary>
    private void CheckBudget(long started)
    {
        if (Stopwatch.GetElapsedTime(started) > Budget)
        {
            _fastOverran = true;
        }
    }

    private static (int Index, string Value)? Captured(Match match, int group)
    {
        var captured = match.Groups[group];
        return captured.Success && captured.Length > 0 ? (captured.Index, captured.Value) : null;
    }

    private static Regex BuildLinear(string pattern)
    {
#pragma warning disable RS0030 // Rule patterns are data: always NonBacktracking at run time (the fast forms are generated at build time).
        return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
#pragma warning restore RS0030
    }
}
