using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>PyPI's version scheme (also used for conda packages, which are audited against PyPI advisories).</summary>
internal sealed class Pep440Scheme : IVersionScheme
{
    public string Name => "PEP 440";

    public bool TryParse(string text, [NotNullWhen(true)] out PackageVersion? version)
    {
        version = Pep440Parser.TryParse(text, out var parsed) ? parsed : null;
        return version is not null;
    }
}
