using System.Text.RegularExpressions;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.Common;

/// <summary><c>curl … | sh</c>, <c>wget -O- … | bash</c>, <c>bash &lt;(curl …)</c> and <c>sh -c "$(curl …)"</c> in a script.</summary>
internal static partial class RemoteScriptCheck
{
    private const int MaxLine = 8192;

    /// <summary>Whether the line runs a downloaded script (the scan is linear: NonBacktracking).</summary>
    public static bool Matches(ReadOnlySpan<char> line) =>
        (line.Contains("curl", StringComparison.Ordinal) || line.Contains("wget", StringComparison.Ordinal))
        && PipeToShell().IsMatch(line[..Math.Min(line.Length, MaxLine)]);

    /// <summary>Reports each matching line of the script; block scalars place the finding on its own line.</summary>
    public static void Check(YamlNode script, string where, AuditSink sink)
    {
        var lineNumber = 0;
        foreach (var range in script.Value.AsSpan().Split('\n'))
        {
            lineNumber++;
            if (Matches(script.Value.AsSpan()[range]))
            {
                var line = script.Style is YamlDotNet.Core.ScalarStyle.Literal ? script.Line + lineNumber : script.Line;
                sink.Report(AuditRules.CurlPipeShell, line, script.Column, $"{where} pipes a downloaded script into a shell", $"{where}|{script.Value.AsSpan()[range].Trim()}");
            }
        }
    }

    [GeneratedRegex(@"(curl|wget)\b[^|\n]*\|\s*(sudo\s+)?(-\S+\s+)*(ba|z|da|k|fi)?sh\b|(ba|z)?sh\s+<\(\s*(curl|wget)\b|sh\s+-c\s+""?\$\(\s*(curl|wget)\b", RegexOptions.NonBacktracking)]
    private static partial Regex PipeToShell();
}
