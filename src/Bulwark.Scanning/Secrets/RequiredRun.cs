using System.Buffers;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// A run of characters every match of a rule contains (say 40 of <c>[A-Za-z0-9/+]</c>), derived from the rule's
/// regex by <c>Rules/derive_required_runs.py</c>. Checking a line for it is a vectorised scan; running the
/// regex — and compiling it first, 10 ms or more with NonBacktracking — is far dearer, and most lines that
/// wake a rule by keyword hold no such run.
/// </summary>
internal sealed record RequiredRun(SearchValues<char> Chars, int Length)
{
    public bool FoundIn(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (text.Length - from >= Length)
        {
            var start = text[from..].IndexOfAny(Chars);
            if (start < 0)
            {
                return false;
            }
            start += from;
            var run = text[start..].IndexOfAnyExcept(Chars);
            if (run < 0)
            {
                run = text.Length - start;
            }
            if (run >= Length)
            {
                return true;
            }
            from = start + run + 1;
        }
        return false;
    }
}
