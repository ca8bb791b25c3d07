using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Dependencies.Advisories;

internal static partial class AffectedRangeEvaluator
{
    /// <summary>
    /// An entry's <c>versions[]</c>. osv.dev enumerates every affected release there, often hundreds per entry,
    /// so the list is parsed lazily and only where equality is possible: two equal versions always share their
    /// leading release number (after a <c>v</c>; PEP 440 epochs, written with <c>!</c>, are always parsed).
    /// Parsed values are cached; a race only parses the same text twice.
    /// </summary>
    private sealed class ListedVersions(IReadOnlyList<string> texts, IVersionScheme? scheme)
    {
        private const byte NotParsed = 0, Parsed = 1, Unparseable = 2;

        private readonly PackageVersion?[] _parsed = new PackageVersion?[texts.Count];
        private readonly byte[] _state = new byte[texts.Count];

        public IReadOnlyList<string> Texts => texts;

        public bool Contains(PackageVersion installed)
        {
            var installedText = installed.Text.Trim();
            var installedLead = LeadingNumber(installedText);
            for (var i = 0; i < texts.Count; i++)
            {
                var text = texts[i].Trim();
                if (string.Equals(text, installedText, StringComparison.Ordinal))
                {
                    return true;
                }
                var lead = LeadingNumber(text);
                if (lead.Length > 0 && installedLead.Length > 0 && !text.Contains('!') && !installedText.Contains('!') && !lead.SequenceEqual(installedLead))
                {
                    continue;
                }
                if (ParsedAt(i) is { } parsed && parsed.GetType() == installed.GetType() && parsed.CompareTo(installed) == 0)
                {
                    return true;
                }
            }
            return false;
        }

        public bool ContainsVerbatim(string installed)
        {
            var trimmed = installed.Trim();
            return texts.Any(t => string.Equals(t.Trim(), trimmed, StringComparison.Ordinal));
        }

        private PackageVersion? ParsedAt(int i)
        {
            switch (Volatile.Read(ref _state[i]))
            {
                case Parsed:
                    return _parsed[i];
                case Unparseable:
                    return null;
            }
            if (scheme is not null && scheme.TryParse(texts[i], out var version))
            {
                _parsed[i] = version;
                Volatile.Write(ref _state[i], Parsed);
                return version;
            }
            Volatile.Write(ref _state[i], Unparseable);
            return null;
        }

        /// <summary>The first run of digits after an optional <c>v</c>/<c>=</c>, without leading zeros ("" when none).</summary>
        private static ReadOnlySpan<char> LeadingNumber(ReadOnlySpan<char> text)
        {
            text = text.TrimStart("vV=");
            var digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }
            var number = text[..digits].TrimStart('0');
            return digits > 0 && number.IsEmpty ? "0" : number;
        }
    }
}
