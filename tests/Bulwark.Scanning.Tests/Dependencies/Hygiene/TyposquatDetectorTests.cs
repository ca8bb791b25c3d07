using Bulwark.Scanning.Dependencies.Hygiene;

namespace Bulwark.Scanning.Tests.Dependencies.Hygiene;

public sealed class TyposquatDetectorTests
{
    [Theory]
    [InlineData("PyPI", "reqeusts", "requests")]   // swap
    [InlineData("PyPI", "pilllow", "pillow")]      // insertion
    [InlineData("PyPI", "tourch", "torch")]        // insertion
    [InlineData("PyPI", "numpi", "numpy")]         // substitution
    [InlineData("PyPI", "Transformer", "transformers")] // deletion, any case
    [InlineData("PyPI", "scikit_lear", "scikit-learn")] // after PEP 503 normalisation
    [InlineData("npm", "lodahs", "lodash")]
    [InlineData("npm", "expres", "express")]
    [InlineData("conda", "pandsa", "pandas")]      // conda names are Python names
    public void Flags_names_one_typo_from_a_popular_package(string ecosystem, string name, string popular) =>
        TyposquatDetector.Default.Imitates(ecosystem, name).ShouldBe(popular);

    [Theory]
    [InlineData("PyPI", "requests")]     // popular itself
    [InlineData("PyPI", "Scikit_Learn")] // popular, other spelling
    [InlineData("PyPI", "scapy")]        // popular neighbours of each other
    [InlineData("PyPI", "scipy")]
    [InlineData("PyPI", "moto")]
    [InlineData("PyPI", "torchx-unrelated-name")]
    [InlineData("PyPI", "six")]          // too short to judge
    [InlineData("npm", "numpi")]         // a PyPI neighbour means nothing on npm
    [InlineData("Go", "github.com/pkg/errors")]
    public void Leaves_legitimate_names_alone(string ecosystem, string name) =>
        TyposquatDetector.Default.Imitates(ecosystem, name).ShouldBeNull();

    [Theory]
    [InlineData("abcde", "abcde", false)]
    [InlineData("abcde", "abxde", true)]
    [InlineData("abcde", "abdce", true)]
    [InlineData("abcde", "abcdef", true)]
    [InlineData("abcde", "bcde", true)]
    [InlineData("abcde", "badce", false)]
    [InlineData("abcde", "abcdxy", false)]
    [InlineData("abcde", "edcba", false)]
    public void One_edit_means_exactly_one(string a, string b, bool expected)
    {
        TyposquatDetector.WithinOneEdit(a, b).ShouldBe(expected);
        TyposquatDetector.WithinOneEdit(b, a).ShouldBe(expected);
    }
}
