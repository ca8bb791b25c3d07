using Bulwark.Scanning.Dependencies.Hygiene;
using Bulwark.Scanning.Dependencies.Manifests;

namespace Bulwark.Scanning.Tests.Dependencies.Hygiene;

public sealed class HygieneCheckerTests
{
    private static DeclaredPackage Package(string name, string file = "requirements.txt", string? version = "1.0", int line = 1, int hashes = 0,
        PackageSource source = PackageSource.Registry, string? url = null, bool constraint = false, string ecosystem = "PyPI") => new()
    {
        Ecosystem = ecosystem,
        Name = name,
        Version = version,
        Requirement = version is null ? ">=1.0" : "==" + version,
        File = file,
        Line = line,
        Column = 1,
        HashCount = hashes,
        Source = source,
        SourceUrl = url,
        IsConstraint = constraint,
    };

    private static ManifestParseResult Manifest(string file, bool lockfile, params DeclaredPackage[] packages) =>
        new() { File = file, IsLockfile = lockfile, Packages = packages };

    private static List<Bulwark.Core.Findings.Finding> Check(params ManifestParseResult[] manifests) =>
        [.. HygieneChecker.Check(manifests, TyposquatDetector.Default)];

    [Fact]
    public void Extra_index_is_dependency_confusion_and_plain_http_is_insecure()
    {
        var manifest = Manifest("requirements.txt", false, Package("torch")) with
        {
            Indexes =
            [
                new PackageIndex("https://pypi.org/simple", false, "requirements.txt", 1, 1),
                new PackageIndex("http://download.example.com/whl/cu121", true, "requirements.txt", 2, 1),
            ],
        };

        var findings = Check(manifest);

        findings.Select(f => (f.RuleId, f.Location.Line)).ShouldBe([("deps-insecure-source", 2), ("deps-extra-index-url", 2)], ignoreOrder: true);
    }

    [Fact]
    public void Unpinned_application_requirements_are_reported_unless_a_lockfile_beside_them_pins_them()
    {
        var findings = Check(
            Manifest("app/requirements.txt", false, Package("fastapi", "app/requirements.txt", version: null, line: 3)),
            Manifest("svc/requirements.txt", false, Package("fastapi", "svc/requirements.txt", version: null)),
            Manifest("svc/poetry.lock", true, Package("FastAPI", "svc/poetry.lock", "0.110.0")),
            Manifest("lib/pyproject.toml", false, Package("fastapi", "lib/pyproject.toml", version: null)),
            Manifest("constraints.txt", false, Package("fastapi", "constraints.txt", version: null, constraint: true)));

        var unpinned = findings.Where(f => f.RuleId == "deps-unpinned").ShouldHaveSingleItem();
        unpinned.Location.Path.ShouldBe("app/requirements.txt");
        unpinned.Location.Line.ShouldBe(3);
    }

    [Fact]
    public void A_missing_hash_is_reported_only_where_the_file_uses_hashes()
    {
        var findings = Check(
            Manifest("requirements.txt", false, Package("numpy", hashes: 2), Package("pandas", line: 4)),
            Manifest("dev-requirements.txt", false, Package("pytest", "dev-requirements.txt")));

        var missing = findings.Where(f => f.RuleId == "deps-missing-hash").ShouldHaveSingleItem();
        missing.Properties["package"].ShouldBe("pandas");
    }

    [Theory]
    [InlineData("git+https://github.com/org/repo.git@main#egg=tool", true)]
    [InlineData("git+https://github.com/org/repo.git@v1.2.0", true)]
    [InlineData("git+https://github.com/org/repo.git@0123456789abcdef0123456789abcdef01234567#egg=tool", false)]
    [InlineData("git+ssh://git@github.com/org/repo.git#0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("git+ssh://git@github.com/org/repo.git", true)]
    public void Vcs_dependencies_must_pin_a_commit(string url, bool reported)
    {
        var findings = Check(Manifest("requirements.txt", false, Package("tool", version: null, source: PackageSource.Vcs, url: url)));

        findings.Any(f => f.RuleId == "deps-vcs-unpinned").ShouldBe(reported);
    }

    [Fact]
    public void Typosquats_are_reported_once_per_name_and_only_for_registry_packages()
    {
        var findings = Check(
            Manifest("requirements.txt", false, Package("reqeusts", line: 2), Package("reqeusts", line: 9)),
            Manifest("package-lock.json", true, Package("lodahs", "package-lock.json", ecosystem: "npm")),
            Manifest("other.txt", false, Package("pilllow", "other.txt", source: PackageSource.Path, url: "./pilllow")));

        findings.Where(f => f.RuleId == "deps-typosquat").Select(f => f.Properties["package"]).ShouldBe(["reqeusts", "lodahs"]);
    }

    [Fact]
    public void Direct_urls_are_noted_and_plain_http_urls_are_insecure()
    {
        var findings = Check(Manifest("requirements.txt", false,
            Package("wheelpkg", version: null, source: PackageSource.Url, url: "http://files.example.com/wheelpkg-1.0-py3-none-any.whl")));

        findings.Select(f => f.RuleId).ShouldBe(["deps-insecure-source", "deps-direct-url"], ignoreOrder: true);
    }
}
