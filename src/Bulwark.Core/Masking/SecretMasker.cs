namespace Bulwark.Core.Masking;

/// <summary>
/// Replaces secret values, and their base64, base64url, percent-encoded, JSON-escaped and hex forms, with
/// <see cref="Replacement"/>. Built once per job from the job's secret values; immutable and thread-safe.
/// Use <see cref="Mask"/> for whole strings (error messages) and <see cref="CreateWriter"/> for streams (logs).
/// </summary>
public sealed class SecretMasker
{
    /// <summary>What every masked stretch of text becomes.</summary>
    public const string Replacement = "***";

    /// <summary>Values shorter than this (surrounding whitespace aside) are not masked, and no encoded form shorter than this is used.</summary>
    public const int MinimumLength = 4;

    /// <summary>Values shorter than this are masked with a warning; lines of multi-line values shorter than this are not masked on their own.</summary>
    public const int SafeLength = 8;

    /// <summary>Values longer than this are not masked (with a warning); the secrets store refuses them first.</summary>
    public const int MaximumLength = 64 * 1024;

    /// <summary>At most this many values per masker.</summary>
    public const int MaximumValues = 1024;

    private readonly PatternSet _patterns;

    private SecretMasker(PatternSet patterns) => _patterns = patterns;

    /// <summary>A masker that masks nothing.</summary>
    public static SecretMasker Empty { get; } = new(new PatternSet([]));

    /// <summary>How many distinct strings (values and their forms) are masked.</summary>
    public int PatternCount => _patterns.Count;

    /// <summary>
    /// Builds a masker for <paramref name="values"/>. <paramref name="warnings"/> lists values that were ignored,
    /// refused or are weakly protected (see <see cref="MaskingWarningKind"/>); warnings never contain a value.
    /// </summary>
    /// <exception cref="ArgumentException">More than <see cref="MaximumValues"/> values.</exception>
    public static SecretMasker Create(IEnumerable<string?> values, out IReadOnlyList<MaskingWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(values);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<MaskingWarning>();
        var index = 0;
        foreach (var value in values)
        {
            if (index == MaximumValues)
            {
                throw new ArgumentException($"At most {MaximumValues} secret values can be masked at once.", nameof(values));
            }
            var warning = Check(index, value);
            if (warning is not null)
            {
                found.Add(warning);
            }
            if (warning is null or { Kind: MaskingWarningKind.Short })
            {
                SecretForms.Add(value!, forms);
            }
            index++;
        }
        warnings = found;
        return forms.Count == 0 ? Empty : new SecretMasker(new PatternSet(forms));
    }

    /// <summary>The text with every secret form replaced by <see cref="Replacement"/>; the same string when there is none.</summary>
    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_patterns.NextEvent(text, 0, final: true, out _) < 0)
        {
            return text;
        }
        using var output = new StringWriter(new System.Text.StringBuilder(text.Length), System.Globalization.CultureInfo.InvariantCulture);
        var groupEnd = 0;
        Scan(text, final: true, ref groupEnd, output);
        return output.ToString();
    }

    /// <summary>A writer that masks a stream of chunks into <paramref name="output"/>; see <see cref="MaskingWriter"/>.</summary>
    public MaskingWriter CreateWriter(TextWriter output) => new(this, output);

    internal int MaxPatternLength => _patterns.MaxLength;

    /// <summary>
    /// Masks <paramref name="text"/> into <paramref name="output"/> and returns how much of it was consumed: all of
    /// it when <paramref name="final"/>, else up to the first position that needs more text to decide. Overlapping
    /// matches (of any patterns) merge into one <see cref="Replacement"/>; adjacent ones each get their own.
    /// <paramref name="groupEnd"/> carries a merged match that runs past the consumed text into the next call:
    /// the first <paramref name="groupEnd"/> characters of the next text are already replaced.
    /// </summary>
    internal int Scan(ReadOnlySpan<char> text, bool final, ref int groupEnd, TextWriter output)
    {
        // Invariant: text[..groupEnd] is written or replaced.
        var from = 0;
        while (true)
        {
            var at = _patterns.NextEvent(text, from, final, out var length);
            if (length > 0)
            {
                if (at >= groupEnd)
                {
                    output.Write(text[groupEnd..at]);
                    output.Write(Replacement);
                }
                groupEnd = Math.Max(groupEnd, at + length);
                from = at + 1;
                continue;
            }
            var stop = at < 0 ? text.Length : at;
            if (groupEnd < stop)
            {
                output.Write(text[groupEnd..stop]);
            }
            groupEnd = Math.Max(groupEnd - stop, 0);
            return stop;
        }
    }

    private static MaskingWarning? Check(int index, string? value)
    {
        var length = value.AsSpan().Trim().Length;
        return length switch
        {
            0 => new(index, MaskingWarningKind.Empty, $"Secret value #{index} is empty or whitespace; it is ignored."),
            < MinimumLength => new(index, MaskingWarningKind.TooShort,
                $"Secret value #{index} is shorter than {MinimumLength} characters and is NOT masked: masking it would hide ordinary text everywhere. Use a longer value."),
            _ when value!.Length > MaximumLength => new(index, MaskingWarningKind.TooLong,
                $"Secret value #{index} is longer than {MaximumLength} characters and is NOT masked."),
            < SafeLength => new(index, MaskingWarningKind.Short,
                $"Secret value #{index} is shorter than {SafeLength} characters; it is masked, but masking it also hides unrelated text and it is easy to guess."),
            _ => null,
        };
    }
}
