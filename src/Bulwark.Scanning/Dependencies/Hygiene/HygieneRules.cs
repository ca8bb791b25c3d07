using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Dependencies.Hygiene;

/// <summary>The supply-chain hygiene rules a dependency audit reports besides advisories.</summary>
internal static class HygieneRules
{
    public static readonly RuleDescriptor Typosquat = new(
        "deps-typosquat", "Possible typosquat of a popular package",
        "The package name is one typo away from a popular package. Typosquats carry malware that runs at install time.",
        Severity.High, "Check the name on the registry; if you meant the popular package, fix the spelling.") { Tags = ["supply-chain", "typosquat"] };

    public static readonly RuleDescriptor ExtraIndexUrl = new(
        "deps-extra-index-url", "Extra package index (dependency confusion)",
        "With --extra-index-url pip picks the highest version from any index, so anyone who registers one of your private names on PyPI wins (the 2022 torchtriton compromise).",
        Severity.Medium, "Use a single --index-url that proxies PyPI (or uv/Poetry explicit sources), and pin hashes.") { Tags = ["supply-chain", "dependency-confusion"] };

    public static readonly RuleDescriptor InsecureSource = new(
        "deps-insecure-source", "Package or index fetched over plain HTTP",
        "Packages downloaded over http:// can be replaced by anyone on the network path.",
        Severity.High, "Use https:// (and hashes).") { Tags = ["supply-chain", "transport"] };

    public static readonly RuleDescriptor Unpinned = new(
        "deps-unpinned", "Requirement not pinned to one version",
        "An application requirement with a range installs whatever is newest at install time: builds are not reproducible and a malicious release is picked up automatically.",
        Severity.Low, "Pin with == (pip-compile or uv pip compile produce a fully pinned file), or commit a lockfile.") { Tags = ["supply-chain", "pinning"] };

    public static readonly RuleDescriptor MissingHash = new(
        "deps-missing-hash", "Requirement without a hash in a hash-pinned file",
        "The rest of the file pins artifact hashes; this entry does not, so its artifact is not verified (and pip --require-hashes refuses the file).",
        Severity.Low, "Add --hash=sha256:… for this requirement (pip-compile --generate-hashes).") { Tags = ["supply-chain", "integrity"] };

    public static readonly RuleDescriptor VcsUnpinned = new(
        "deps-vcs-unpinned", "VCS dependency not pinned to a commit",
        "A branch or tag of a repository can be moved to different code at any time.",
        Severity.Low, "Pin the full commit hash (git+https://…@<40-hex-sha>).") { Tags = ["supply-chain", "pinning"] };

    public static readonly RuleDescriptor DirectUrl = new(
        "deps-direct-url", "Dependency from a direct URL",
        "The package does not come from the package index, so advisories cannot be matched to it and its content is whatever the URL serves.",
        Severity.Info, "Prefer a released package from the index, or pin the artifact hash.") { Tags = ["supply-chain"] };

    public static IReadOnlyList<RuleDescriptor> All { get; } = [Typosquat, ExtraIndexUrl, InsecureSource, Unpinned, MissingHash, VcsUnpinned, DirectUrl];
}
