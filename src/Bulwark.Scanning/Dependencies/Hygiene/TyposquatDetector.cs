using System.Reflection;

namespace Bulwark.Scanning.Dependencies.Hygiene;

/// <summary>
/// Flags package names one edit (insertion, deletion, substitution or swap of neighbours) away from a popular
/// package of the same ecosystem — the classic typosquat (<c>reqeusts</c>, <c>pilllow</c>, <c>tourch</c>).
/// The popular names are data (<c>popular-packages.txt</c>). Names shorter than
/// <see cref="MinimumLength"/> are left alone: too many legitimate short names are one edit apart.
/// </summary>
internal sealed class TyposquatDetector
{
    public const int MinimumLength = 5;

    private readonly Dictionary<string, HashSet<string>> _popular;

    private TyposquatDetector(Dictionary<string, HashSet<string>> popular) => _popular = popular;

    public static TyposquatDetector Default { get; } = Load();

    /// <summary>The popular name <paramref name="name"/> imitates, or null.</summary>
    public string? Imitates(string ecosystem, string name)
    {
        var lookup = ecosystem == Ecosystems.Conda ? Ecosystems.PyPI : ecosystem;
        if (!_popular.TryGetValue(lookup, out var names))
        {
            return null;
        }
        var normalized = Ecosystems.NormalizeName(lookup, name);
        if (normalized.Length < MinimumLength || names.Contains(normalized))
        {
            return null;
        }
        foreach (var candidate in names)
        {
            if (Math.Abs(candidate.Length - normalized.Length) <= 1 && candidate.Length >= MinimumLength && WithinOneEdit(normalized, candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>True when <paramref name="a"/> becomes <paramref name="b"/> with exactly one edit or one adjacent swap.</summary>
    internal static bool WithinOneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
        {
            return false;
        }
        var prefix = a.CommonPrefixLength(b);
        var restA = a[prefix..];
        var restB = b[prefix..];
        if (restA.Length == restB.Length)
        {
            // One substitution, or a swap of two neighbours.
            return restA[1..].SequenceEqual(restB[1..])
                || (restA.Length >= 2 && restA[0] == restB[1] && restA[1] == restB[0] && restA[2..].SequenceEqual(restB[2..]));
        }
        // One insertion or deletion.
        return restA.Length > restB.Length ? restA[1..].SequenceEqual(restB) : restB[1..].SequenceEqual(restA);
    }

    private static TyposquatDetector Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Bulwark.Scanning.Dependencies.Hygiene.popular-packages.txt")
            ?? throw new InvalidOperationException("popular-packages.txt is not embedded");
        using var reader = new StreamReader(stream);
        var popular = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string>? current = null;
        var ecosystem = "";
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            if (text.StartsWith('[') && text.EndsWith(']'))
            {
                ecosystem = text[1..^1];
                popular[ecosystem] = current = new HashSet<string>(StringComparer.Ordinal);
                continue;
            }
            foreach (var name in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                current?.Add(Ecosystems.NormalizeName(ecosystem, name));
            }
        }
        return new TyposquatDetector(popular);
    }
}
