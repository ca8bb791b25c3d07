namespace Bulwark.Scanning.Code.Rules;

/// <summary>A qualified-name pattern where '*' matches any run of characters ("*.execute", "tarfile.*extractall", "*").</summary>
internal sealed class NameGlob(string pattern)
{
    private readonly string[] _parts = pattern.Split('*');

    public string Pattern { get; } = pattern;

    public bool Matches(ReadOnlySpan<char> name)
    {
        if (_parts.Length == 1)
        {
            return name.SequenceEqual(_parts[0]);
        }
        if (!name.StartsWith(_parts[0], StringComparison.Ordinal) || !name.EndsWith(_parts[^1], StringComparison.Ordinal)
            || name.Length < _parts[0].Length + _parts[^1].Length)
        {
            return false;
        }
        var rest = name[_parts[0].Length..^_parts[^1].Length];
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var at = rest.IndexOf(_parts[i], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }
            rest = rest[(at + _parts[i].Length)..];
        }
        return true;
    }
}
