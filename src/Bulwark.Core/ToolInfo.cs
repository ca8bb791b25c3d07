using System.Reflection;

namespace Bulwark.Core;

/// <summary>The product's name, version and home, as reports and <c>--version</c> print them.</summary>
public static class ToolInfo
{
    public const string Name = "bulwark";
    public const string FullName = "Bulwark";
    public const string InformationUri = "https://github.com/bulwark-ci/bulwark";

    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(ToolInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // The SDK appends "+<commit>"; SARIF wants a plain semantic version.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
