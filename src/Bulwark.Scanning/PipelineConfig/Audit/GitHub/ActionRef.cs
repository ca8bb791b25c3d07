namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// A <c>uses:</c> reference: <c>owner/repo[/path]@ref</c>, a local path (<c>./…</c>) or a container
/// (<c>docker://image</c>). <see cref="Name"/> is <c>owner/repo</c> (the advisory package name); the path is kept apart.
/// </summary>
internal sealed record ActionRef(string Owner, string Repository, string? Path, string Ref)
{
    public string Name => $"{Owner}/{Repository}";

    public string Full => Path is null ? Name : $"{Name}/{Path}";

    /// <summary>A full 40-hex commit SHA (or a 64-hex SHA-256 object id): the only immutable ref.</summary>
    public bool IsShaPinned => IsSha(Ref);

    public static bool IsSha(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigit);

    /// <summary>The reference, or null for local actions, containers and malformed text.</summary>
    public static ActionRef? Parse(string uses)
    {
        uses = uses.Trim();
        if (uses.StartsWith("./", StringComparison.Ordinal) || uses.StartsWith("docker://", StringComparison.Ordinal))
        {
            return null;
        }
        var at = uses.LastIndexOf('@');
        var path = at < 0 ? uses : uses[..at];
        var reference = at < 0 ? "" : uses[(at + 1)..];
        var parts = path.Split('/', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return null;
        }
        return new ActionRef(parts[0], parts[1], parts.Length == 3 ? parts[2] : null, reference);
    }
}
