namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// A parsed version of one ecosystem's scheme. Versions are only compared with versions of the same scheme;
/// comparing across schemes is a programming error and throws.
/// </summary>
internal abstract class PackageVersion : IComparable<PackageVersion>
{
    protected PackageVersion(string text) => Text = text;

    /// <summary>The version as written in the manifest or advisory.</summary>
    public string Text { get; }

    /// <summary>True for pre-releases (PEP 440 a/b/rc/dev, SemVer <c>-tag</c>, Maven alpha/beta/milestone/rc/snapshot).</summary>
    public abstract bool IsPrerelease { get; }

    public abstract int CompareTo(PackageVersion? other);

    public override string ToString() => Text;
}
