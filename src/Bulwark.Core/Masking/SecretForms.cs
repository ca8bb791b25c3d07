using System.Text;

namespace Bulwark.Core.Masking;

/// <summary>
/// The spellings of one secret value that a log may contain: the value itself, its base64 and base64url in the
/// three byte alignments, its percent-encodings, JSON escapings and hex. Forms under
/// <see cref="SecretMasker.MinimumLength"/> characters are dropped: they would match ordinary text.
/// </summary>
internal static class SecretForms
{
    /// <summary>Adds every form of <paramref name="value"/> (and the raw form of each of its long lines) to <paramref name="forms"/>.</summary>
    public static void Add(string value, HashSet<string> forms)
    {
        AddForm(forms, value);
        var bytes = Encoding.UTF8.GetBytes(value);
        for (var alignment = 0; alignment < 3; alignment++)
        {
            var base64 = Base64Core(bytes, alignment);
            AddForm(forms, base64);
            AddForm(forms, base64.Replace('+', '-').Replace('/', '_'));
        }
        AddForm(forms, Convert.ToHexStringLower(bytes));
        AddForm(forms, Convert.ToHexString(bytes));
        EscapedForms.AddPercentEncodings(value, forms);
        EscapedForms.AddJsonEscapings(value, forms);
        AddLines(value, forms);
    }

    /// <summary>
    /// The characters of a base64 payload that depend only on the value's bytes when the value starts at byte
    /// <paramref name="alignment"/> of the payload: base64 character j covers bits [6j, 6j + 6), so the characters
    /// from ceil(8a / 6) to floor(8(a + n) / 6) lie inside the value; the ones before and after mix in its neighbours.
    /// </summary>
    internal static string Base64Core(byte[] bytes, int alignment)
    {
        var shifted = new byte[alignment + bytes.Length];
        bytes.CopyTo(shifted, alignment);
        var encoded = Convert.ToBase64String(shifted);
        var start = (8 * alignment + 5) / 6;
        var end = 8 * (alignment + bytes.Length) / 6;
        return end > start ? encoded[start..end] : "";
    }

    /// <summary>
    /// Each line of a multi-line value, trimmed of surrounding whitespace (so a CRLF or re-indented copy still
    /// matches), when it has at least <see cref="SecretMasker.SafeLength"/> characters: shorter lines ("}",
    /// "-----") carry little of the secret and would hide ordinary text. A single-line value with surrounding
    /// whitespace gets its trimmed form too, under the rule for whole values.
    /// </summary>
    private static void AddLines(string value, HashSet<string> forms)
    {
        var minimum = value.Contains('\n', StringComparison.Ordinal) ? SecretMasker.SafeLength : SecretMasker.MinimumLength;
        foreach (var range in value.AsSpan().Split('\n'))
        {
            var line = value.AsSpan(range).Trim();
            if (line.Length >= minimum)
            {
                forms.Add(line.ToString());
            }
        }
    }

    private static void AddForm(HashSet<string> forms, string form)
    {
        if (form.Length >= SecretMasker.MinimumLength)
        {
            forms.Add(form);
        }
    }
}
