namespace Bulwark.Scanning.Secrets;

/// <summary>
/// The built-in rules' patterns, compiled at build time by the regex source generator: constructing
/// NonBacktracking automata for ~400 patterns at run time cost a scan about a second of CPU. The lookup
/// (<c>Find</c>) and one generated method per pattern live in PrecompiledRuleRegexes.g.cs, written by
/// <c>BULWARK_REGENERATE=1 dotnet test tests/Bulwark.Scanning.Tests --filter PrecompiledRuleRegexesTests</c>;
/// that test fails while the file and default-rules.toml disagree.
/// </summary>
internal static partial class PrecompiledRuleRegexes
{
}
