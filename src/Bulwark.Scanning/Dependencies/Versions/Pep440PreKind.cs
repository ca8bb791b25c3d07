namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>The kinds of PEP 440 pre-release, in their sort order (alpha, beta, release candidate).</summary>
internal enum Pep440PreKind
{
    Alpha,
    Beta,
    ReleaseCandidate,
}
