using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>Parses the version strings of one ecosystem (PEP 440, SemVer 2.0, Go modules, NuGet, Maven).</summary>
internal interface IVersionScheme
{
    /// <summary>Short name for messages, e.g. "PEP 440".</summary>
    string Name { get; }

    /// <summary>Parses <paramref name="text"/>; false (never an exception) when it is not a version of this scheme.</summary>
    bool TryParse(string text, [NotNullWhen(true)] out PackageVersion? version);
}
