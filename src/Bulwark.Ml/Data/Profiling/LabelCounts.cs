using System.Globalization;

namespace Bulwark.Ml.Data.Profiling;

/// <summary>The label values of one file, coded 0, 1, … in order of first appearance, with their counts.</summary>
internal sealed class LabelCounts
{
    /// <summary>More distinct labels than this is not a classification label: label checks are skipped.</summary>
    public const int MaxLabels = 1000;

    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);

    public List<string> Names { get; } = [];

    public List<long> Counts { get; } = [];

    public long Missing { get; private set; }

    public bool TooMany { get; private set; }

    /// <summary>The code of a label (−1 when missing or beyond the label limit). Numbers are written canonically (1.0 → 1).</summary>
    public int Code(ReadOnlySpan<byte> raw)
    {
        raw = raw.Trim(" \t"u8);
        // Hot path: a label spelled exactly as one seen before needs no decoding or allocation.
        if (raw.Length <= 64)
        {
            Span<char> chars = stackalloc char[64];
            if (System.Text.Encoding.UTF8.TryGetChars(raw, chars, out var written) && written > 0 &&
                _codes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..written], out var known))
            {
                Counts[known]++;
                return known;
            }
        }
        var text = System.Text.Encoding.UTF8.GetString(raw);
        if (text.Length == 0)
        {
            Missing++;
            return -1;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number == Math.Floor(number) && Math.Abs(number) < 1e15)
        {
            text = ((long)number).ToString(CultureInfo.InvariantCulture);
        }
        if (!_codes.TryGetValue(text, out var code))
        {
            if (_codes.Count >= MaxLabels)
            {
                TooMany = true;
                return -1;
            }
            code = _codes.Count;
            _codes[text] = code;
            Names.Add(text);
            Counts.Add(0);
        }
        Counts[code]++;
        return code;
    }

    public int Find(string name) => _codes.TryGetValue(name, out var code) ? code : -1;
}
