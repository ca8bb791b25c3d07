namespace Bulwark.Scanning.Dependencies.Manifests.Go;

/// <summary>
/// Reads go.mod line by line: single-line directives and <c>verb ( ... )</c> blocks. Only <c>require</c> and
/// <c>replace</c> matter for the audit; <c>module</c>, <c>go</c>, <c>toolchain</c>, <c>exclude</c>,
/// <c>retract</c> and the rest are recognised and skipped. Bad lines become errors and reading goes on.
/// </summary>
internal static class GoModReader
{
    private static readonly string[] Verbs = ["module", "go", "toolchain", "godebug", "require", "replace", "exclude", "retract", "tool", "ignore"];

    public static GoModFile Read(string text, string file, List<ManifestError> errors, CancellationToken cancellationToken)
    {
        var requires = new List<GoRequire>();
        var replaces = new List<GoReplace>();
        var tokens = new List<GoToken>();
        string? block = null;
        var lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if ((lineNumber & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (!GoToken.TrySplit(line, tokens, out var comment))
            {
                errors.Add(new ManifestError(file, lineNumber, 1, "unterminated quoted string"));
                continue;
            }
            if (tokens.Count == 0)
            {
                continue;
            }
            string verb;
            IReadOnlyList<GoToken> arguments;
            if (block is not null)
            {
                if (tokens[0].Text == ")")
                {
                    block = null;
                    continue;
                }
                (verb, arguments) = (block, tokens);
            }
            else
            {
                verb = tokens[0].Text;
                if (Array.IndexOf(Verbs, verb) < 0)
                {
                    errors.Add(new ManifestError(file, lineNumber, tokens[0].Column, $"unknown directive '{verb}'"));
                    continue;
                }
                if (tokens.Count == 2 && tokens[1].Text == "(")
                {
                    block = verb;
                    continue;
                }
                arguments = tokens.GetRange(1, tokens.Count - 1);
            }
            var problem = verb switch
            {
                "require" => AddRequire(arguments, comment, lineNumber, requires),
                "replace" => AddReplace(arguments, lineNumber, replaces),
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(new ManifestError(file, lineNumber, tokens[0].Column, problem));
            }
        }
        return new GoModFile(requires, replaces);
    }

    private static string? AddRequire(IReadOnlyList<GoToken> arguments, string? comment, int line, List<GoRequire> requires)
    {
        if (arguments.Count != 2 || !arguments[1].Text.StartsWith('v'))
        {
            return "expected 'require module-path version'";
        }
        // Go marks indirect requirements with a comment that is "indirect" or begins "indirect;".
        var indirect = comment is not null && (comment == "indirect" || comment.StartsWith("indirect;", StringComparison.Ordinal));
        requires.Add(new GoRequire(arguments[0].Text, arguments[1].Text, line, arguments[1].Column, indirect));
        return null;
    }

    private static string? AddReplace(IReadOnlyList<GoToken> arguments, int line, List<GoReplace> replaces)
    {
        var arrow = -1;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Text == "=>")
            {
                arrow = i;
                break;
            }
        }
        var rightCount = arguments.Count - arrow - 1;
        if (arrow is < 1 or > 2 || rightCount is < 1 or > 2)
        {
            return "expected 'replace module-path [version] => replacement [version]'";
        }
        var newPath = arguments[arrow + 1];
        var newVersion = rightCount == 2 ? arguments[arrow + 2] : (GoToken?)null;
        replaces.Add(new GoReplace(
            arguments[0].Text,
            arrow == 2 ? arguments[1].Text : null,
            newPath.Text,
            newVersion?.Text,
            line,
            (newVersion ?? newPath).Column));
        return null;
    }
}
