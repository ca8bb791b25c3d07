using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

public sealed class VersionSchemesTests
{
    [Fact]
    public void Maps_each_ecosystem_to_its_scheme()
    {
        VersionSchemes.ForEcosystem(Ecosystems.PyPI).ShouldBeSameAs(VersionSchemes.Pep440);
        VersionSchemes.ForEcosystem(Ecosystems.Conda).ShouldBeSameAs(VersionSchemes.Pep440);
        VersionSchemes.ForEcosystem(Ecosystems.Npm).ShouldBeSameAs(VersionSchemes.SemVer);
        VersionSchemes.ForEcosystem(Ecosystems.CratesIo).ShouldBeSameAs(VersionSchemes.SemVer);
        VersionSchemes.ForEcosystem(Ecosystems.Go).ShouldBeSameAs(VersionSchemes.Go);
        VersionSchemes.ForEcosystem(Ecosystems.NuGet).ShouldBeSameAs(VersionSchemes.NuGet);
        VersionSchemes.ForEcosystem(Ecosystems.Maven).ShouldBeSameAs(VersionSchemes.Maven);
    }

    [Fact]
    public void Every_audited_ecosystem_has_a_scheme_and_unknown_ones_have_none()
    {
        foreach (var ecosystem in Ecosystems.All)
        {
            VersionSchemes.ForEcosystem(ecosystem).ShouldNotBeNull(ecosystem);
        }
        VersionSchemes.ForEcosystem("Debian").ShouldBeNull();
        VersionSchemes.ForEcosystem("pypi").ShouldBeNull();
    }

    [Fact]
    public void Versions_of_different_schemes_refuse_to_compare()
    {
        var versions = new[]
        {
            VersionAssert.Parse(VersionSchemes.Pep440, "1.0.0"), VersionAssert.Parse(VersionSchemes.SemVer, "1.0.0"),
            VersionAssert.Parse(VersionSchemes.Go, "1.0.0"), VersionAssert.Parse(VersionSchemes.NuGet, "1.0.0"),
            VersionAssert.Parse(VersionSchemes.Maven, "1.0.0"),
        };
        foreach (var left in versions)
        {
            left.CompareTo(null).ShouldBe(1);
            foreach (var right in versions.Where(r => r.GetType() != left.GetType()))
            {
                Should.Throw<ArgumentException>(() => left.CompareTo(right));
            }
        }
    }
}
