namespace Bulwark.Scanning.Dependencies.Advisories;

/// <summary>Whether an installed version is affected by one <see cref="AffectedPackage"/> entry.</summary>
internal enum AffectedVerdict
{
    NotAffected,
    Affected,

    /// <summary>The data could not be evaluated (unparseable installed or advisory version); see the reason.</summary>
    Unknown,
}
