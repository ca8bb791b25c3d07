using System.Text;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// TorchScript archives carry their program as Python-like source under <c>code/</c>, compiled and run by
/// torch.jit.load. The source is reported once per archive, and scanned (as text, by name) for the few
/// operations that reach outside the tensor world, and for Python that the TorchScript printer never emits.
/// This is a text heuristic, not a TorchScript parser.
/// </summary>
internal static class TorchScriptCode
{
    private const int MaxSourceBytes = 1 << 20;

    private static readonly (string Token, string Why)[] Dangerous =
    [
        ("from_file", "reads any file of the loading machine into a tensor"),
        ("torch.save", "writes files on the loading machine"),
        ("aten.save", "writes files on the loading machine"),
        ("torch.load", "loads another model, which may be a pickle"),
        ("load_library", "loads a native library into the process"),
        ("__import__", "imports Python modules (never produced by TorchScript)"),
        ("os.system", "runs a shell command (never produced by TorchScript)"),
        ("subprocess", "starts processes (never produced by TorchScript)"),
        ("builtins", "reaches Python builtins (never produced by TorchScript)"),
        ("eval(", "evaluates Python (never produced by TorchScript)"),
        ("exec(", "executes Python (never produced by TorchScript)"),
        ("open(", "opens files (never produced by TorchScript)"),
    ];

    /// <summary>True for <c>…/code/….py</c> members (the compiled program); <c>.debug_pkl</c> files are pickles and go through dispatch.</summary>
    public static bool IsCodeMember(string name) =>
        name.EndsWith(".py", StringComparison.Ordinal) && (name.StartsWith("code/", StringComparison.Ordinal) || name.Contains("/code/", StringComparison.Ordinal));

    public static void Check(Stream stream, List<ZipMember> code, ModelLocation archive, ModelScanContext context)
    {
        if (code.Count == 0)
        {
            return;
        }
        context.Report(ContainerRules.TorchScriptCode, archive,
            $"archive carries TorchScript code ({code.Count} source file(s), e.g. '{MemberNames.Printable(code[0].Entry.Name)}') that torch.jit.load compiles and runs");
        foreach (var member in code)
        {
            var text = ReadText(stream, member);
            foreach (var (token, why) in Dangerous)
            {
                var index = IndexOfWord(text, token);
                if (index >= 0)
                {
                    context.Report(ContainerRules.TorchScriptDangerousCall, archive.Child(member.Entry.Name),
                        $"TorchScript source uses '{token.TrimEnd('(')}', which {why}: {Excerpt(text, index)}",
                        properties: [("token", token.TrimEnd('(')), ("excerpt", Excerpt(text, index))]);
                }
            }
        }
    }

    private static string ReadText(Stream stream, ZipMember member)
    {
        try
        {
            using var source = ZipMemberScanner.Open(stream, member);
            var buffer = new byte[(int)Math.Min(MaxSourceBytes, Math.Max(0, member.Entry.UncompressedSize))];
            var read = source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (InvalidDataException)
        {
            return "";
        }
    }

    private static int IndexOfWord(string text, string token)
    {
        var from = 0;
        while (from < text.Length)
        {
            var index = text.IndexOf(token, from, StringComparison.Ordinal);
            if (index < 0)
            {
                return -1;
            }
            if (index == 0 || !(char.IsAsciiLetterOrDigit(text[index - 1]) || text[index - 1] == '_'))
            {
                return index;
            }
            from = index + 1;
        }
        return -1;
    }

    /// <summary>The line holding the hit, trimmed to at most 120 characters around it.</summary>
    private static string Excerpt(string text, int index)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = text.IndexOf('\n', index);
        end = end < 0 ? text.Length : end;
        start = Math.Max(start, index - 60);
        end = Math.Min(end, start + 120);
        return text[start..end].Trim();
    }
}
