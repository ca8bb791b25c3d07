using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>
/// Reads one pipeline file into an <see cref="AuditFile"/>: bounded size, strict UTF-8 text, one YAML document
/// with positions. Every problem is a positioned error notice (<c>path:line:column</c>) and a null result;
/// nothing throws.
/// </summary>
internal static class PipelineFileReader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static AuditFile? Read(string fullPath, string relativePath, PipelineFileKind kind, AuditLimits limits, List<Notice> notices)
    {
        string text;
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (stream.Length > limits.MaxBytes)
            {
                notices.Add(Error(relativePath, 1, 1, $"file larger than {limits.MaxBytes} bytes ({stream.Length}); not audited"));
                return null;
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            text = Utf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            notices.Add(Error(relativePath, 1, 1, "not UTF-8 text; not audited"));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            notices.Add(Error(relativePath, 1, 1, $"cannot be read: {ex.Message}"));
            return null;
        }
        return Parse(text, relativePath, kind, limits, notices);
    }

    public static AuditFile? Parse(string text, string relativePath, PipelineFileKind kind, AuditLimits limits, List<Notice> notices)
    {
        var errors = new PipelineErrors(limits.MaxErrorsPerFile);
        // .bulwark.yml keeps its own rules (no aliases); GitHub and GitLab files may use anchors and merge keys.
        var aliases = kind == PipelineFileKind.Bulwark ? YamlAliasPolicy.Refuse : limits.Aliases;
        var root = YamlTreeReader.Read(text, limits.Yaml, errors, aliases);
        foreach (var error in errors.Sorted())
        {
            notices.Add(Error(relativePath, error.Line, error.Column, error.Message));
        }
        if (root is null)
        {
            if (errors.Count == 0)
            {
                notices.Add(new Notice(NoticeLevel.Info, relativePath, "empty file"));
            }
            return null;
        }
        return new AuditFile(relativePath, kind, text, root);
    }

    public static Notice Error(string path, int line, int column, string message) => new(NoticeLevel.Error, $"{path}:{line}:{column}", message);
}
